package dev.silo.server.s3;

import dev.silo.server.it.OnPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link MasterKeyRotationTest} on PostgreSQL, as an app role bound by row-level security. */
@ExtendWith(OnPostgres.class)
class MasterKeyRotationOnPostgresTest extends MasterKeyRotationTest {}
