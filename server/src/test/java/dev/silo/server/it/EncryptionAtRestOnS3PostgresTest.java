package dev.silo.server.it;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link EncryptionAtRestTest} on PostgreSQL and S3 (S3Proxy), one shared bucket with a prefix per tenant. */
@ExtendWith({OnPostgres.class, OnS3.SharedPrefix.class})
class EncryptionAtRestOnS3PostgresTest extends EncryptionAtRestTest {}
