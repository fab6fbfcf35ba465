package dev.silo.server.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ObjectLifecycleTest} unchanged, in production shape: PostgreSQL metadata (skipped without
 * {@code SILO_TEST_DATABASE_URL}) and S3 blobs in one shared bucket, a prefix per tenant.
 */
@ExtendWith({OnPostgres.class, OnS3.SharedPrefix.class})
class ObjectLifecycleOnS3PostgresTest extends ObjectLifecycleTest {}
