package dev.silo.server.it;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ObjectLifecycleTest} unchanged, on S3 (S3Proxy) with a backend bucket per tenant. */
@ExtendWith(OnS3.BucketPerTenant.class)
class ObjectLifecycleOnS3Test extends ObjectLifecycleTest {}
