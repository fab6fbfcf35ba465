package dev.silo.server.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ObjectApiTest} unchanged on the full production shape: PostgreSQL metadata, S3 blobs in
 * one shared bucket, and the Redis metadata cache (skipped without {@code SILO_TEST_DATABASE_URL}
 * or {@code SILO_TEST_REDIS_URL}).
 */
@ExtendWith({OnPostgres.class, OnS3.SharedPrefix.class, OnRedis.class})
class ObjectApiOnS3PostgresRedisTest extends ObjectApiTest {}
