package dev.silo.server.s3;

import dev.silo.server.it.OnS3;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ChecksumsTest} on S3 (S3Proxy): the backend's writes and assembled parts are checked the same. */
@ExtendWith(OnS3.BucketPerTenant.class)
class ChecksumsOnS3Test extends ChecksumsTest {}
