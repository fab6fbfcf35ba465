package dev.silo.server.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ObjectApiTest} unchanged on PostgreSQL metadata (skipped without {@code
 * SILO_TEST_DATABASE_URL}) and S3 blobs in a backend bucket per tenant: the other tenancy mode of
 * {@link ObjectApiOnS3PostgresTest}.
 */
@ExtendWith({OnPostgres.class, OnS3.BucketPerTenant.class})
class ObjectApiOnS3BucketPostgresTest extends ObjectApiTest {}
