package dev.silo.server.it;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ObjectApiTest} unchanged, on S3 (S3Proxy) with one shared bucket and a prefix per tenant. */
@ExtendWith(OnS3.SharedPrefix.class)
class ObjectApiOnS3PrefixTest extends ObjectApiTest {}
