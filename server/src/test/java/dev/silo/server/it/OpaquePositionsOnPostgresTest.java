package dev.silo.server.it;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link OpaquePositionsTest} on PostgreSQL, where the outbox and audit sequences are shared by every tenant too. */
@ExtendWith(OnPostgres.class)
class OpaquePositionsOnPostgresTest extends OpaquePositionsTest {}
