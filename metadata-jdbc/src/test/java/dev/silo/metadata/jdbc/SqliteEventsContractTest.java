package dev.silo.metadata.jdbc;

import dev.silo.core.spi.MetadataStore;
import dev.silo.testkit.EventsStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The events contract on SQLite. */
class SqliteEventsContractTest extends EventsStoreContract {
  @TempDir Path dir;

  @Override
  protected MetadataStore newStore() {
    return JdbcMetadataStore.open("jdbc:sqlite:" + dir.resolve("silo.db"));
  }
}
