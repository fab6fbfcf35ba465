package dev.silo.server.s3;

import dev.silo.server.it.OnPostgres;
import dev.silo.server.it.OnS3;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link UploadPartCopyTest} in production shape: PostgreSQL metadata (skipped without {@code
 * SILO_TEST_DATABASE_URL}) and S3 blobs (S3Proxy) in one shared bucket, a prefix per tenant.
 */
@ExtendWith({OnPostgres.class, OnS3.SharedPrefix.class})
class UploadPartCopyOnS3PostgresTest extends UploadPartCopyTest {}
