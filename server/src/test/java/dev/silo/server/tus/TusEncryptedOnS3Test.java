package dev.silo.server.tus;

import dev.silo.server.it.OnS3;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link TusEncryptedTest} on S3 (S3Proxy): the chunks and the object in the bucket are ciphertext. */
@ExtendWith(OnS3.BucketPerTenant.class)
class TusEncryptedOnS3Test extends TusEncryptedTest {}
