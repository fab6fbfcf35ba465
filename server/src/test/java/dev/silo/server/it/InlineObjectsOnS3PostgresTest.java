package dev.silo.server.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link InlineObjectsTest} in production shape: the inline bytes in PostgreSQL (row-level
 * security on {@code inline_blobs}), the other blobs in S3 (S3Proxy), a prefix per tenant.
 */
@ExtendWith({OnPostgres.class, OnS3.SharedPrefix.class})
class InlineObjectsOnS3PostgresTest extends InlineObjectsTest {}
