package dev.silo.server.it;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link HostileInputTest} on PostgreSQL, as an app role bound by row-level security. */
@ExtendWith(OnPostgres.class)
class HostileInputOnPostgresTest extends HostileInputTest {}
