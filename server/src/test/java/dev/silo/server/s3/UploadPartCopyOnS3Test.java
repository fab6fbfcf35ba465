package dev.silo.server.s3;

import dev.silo.server.it.OnS3;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link UploadPartCopyTest} on S3 (S3Proxy), where uploads are assembled by the backend. */
@ExtendWith(OnS3.BucketPerTenant.class)
class UploadPartCopyOnS3Test extends UploadPartCopyTest {}
