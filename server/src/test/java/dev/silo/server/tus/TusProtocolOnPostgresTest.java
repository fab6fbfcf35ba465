package dev.silo.server.tus;

import dev.silo.server.it.OnPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link TusProtocolTest} with the metadata on PostgreSQL, where two transactions run at once:
 * the conditional offset update and the consumption of partial uploads by a final one hold there too.
 */
@ExtendWith(OnPostgres.class)
class TusProtocolOnPostgresTest extends TusProtocolTest {}
