package dev.silo.server.it;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link WritePathTest} on PostgreSQL: the tenant row lock makes the quota hold across connections. */
@ExtendWith(OnPostgres.class)
class WritePathOnPostgresTest extends WritePathTest {}
