package dev.silo.server.s3;

import dev.silo.server.it.OnPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link S3CredentialLineageTest} on PostgreSQL, as an app role bound by row-level security. */
@ExtendWith(OnPostgres.class)
class S3CredentialLineageOnPostgresTest extends S3CredentialLineageTest {}
