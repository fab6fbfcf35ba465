package dev.silo.server.it;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link QuotaInFlightTest} on PostgreSQL: the tenant row lock makes the quota hold across connections. */
@ExtendWith(OnPostgres.class)
class QuotaInFlightOnPostgresTest extends QuotaInFlightTest {}
