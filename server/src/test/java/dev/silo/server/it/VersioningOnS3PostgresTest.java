package dev.silo.server.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link VersioningTest} unchanged, in production shape: PostgreSQL metadata as an app role bound
 * by row-level security (skipped without {@code SILO_TEST_DATABASE_URL}) and S3 blobs (S3Proxy) in
 * one shared bucket, a prefix per tenant.
 */
@ExtendWith({OnPostgres.class, OnS3.SharedPrefix.class})
class VersioningOnS3PostgresTest extends VersioningTest {}
