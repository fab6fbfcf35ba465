package dev.silo.server.s3;

import dev.silo.server.it.OnS3;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link CopyObjectTest} on S3 (S3Proxy): a copy shares the source's object in the bucket. */
@ExtendWith(OnS3.BucketPerTenant.class)
class CopyObjectOnS3Test extends CopyObjectTest {}
