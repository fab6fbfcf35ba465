package dev.silo.metadata.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.silo.core.spi.MetadataStore;
import dev.silo.testkit.EventsStoreContract;
import dev.silo.testkit.PostgresSandbox;

/** The events contract on PostgreSQL, as an app role under row-level security; skipped without a database. */
class PostgresEventsContractTest extends EventsStoreContract {
  private PostgresSandbox sandbox;

  @Override
  protected MetadataStore newStore() throws Exception {
    assumeTrue(PostgresSandbox.configured(), PostgresSandbox.SKIPPED);
    sandbox = PostgresSandbox.create();
    return JdbcMetadataStore.open(sandbox.appUrl(), sandbox.ownerUrl());
  }

  @Override
  protected void afterStoreClosed() throws Exception {
    if (sandbox != null) {
      sandbox.close();
    }
  }
}
