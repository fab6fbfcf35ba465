package dev.silo.server.it;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ObjectApiTest} unchanged, on S3 (S3Proxy) with a backend bucket per tenant. */
@ExtendWith(OnS3.BucketPerTenant.class)
class ObjectApiOnS3Test extends ObjectApiTest {}
