package dev.silo.metadata.jdbc;

import dev.silo.core.spi.MetadataStore;
import dev.silo.testkit.MetadataStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on SQLite, a new database file for every test. */
class SqliteContractTest extends MetadataStoreContract {
  @TempDir Path dir;

  @Override
  protected MetadataStore newStore() {
    return JdbcMetadataStore.open("jdbc:sqlite:" + dir.resolve("silo.db"));
  }
}
