package dev.silo.server.s3;

import dev.silo.server.it.OnPostgres;
import dev.silo.server.it.OnRedis;
import dev.silo.server.it.OnS3;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ObjectLockTest} in production shape: PostgreSQL metadata with the Redis row cache
 * (skipped without {@code SILO_TEST_DATABASE_URL} and {@code SILO_TEST_REDIS_URL}) and S3 blobs.
 */
@ExtendWith({OnPostgres.class, OnRedis.class, OnS3.SharedPrefix.class})
class ObjectLockOnS3PostgresTest extends ObjectLockTest {}
