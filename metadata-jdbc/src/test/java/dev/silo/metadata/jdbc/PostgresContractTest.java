package dev.silo.metadata.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.silo.core.spi.MetadataStore;
import dev.silo.testkit.MetadataStoreContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on PostgreSQL, in a schema of its own for every test, dropped afterwards. Runs when
 * {@code SILO_TEST_DATABASE_URL} names a database, for example {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}; skipped otherwise.
 */
class PostgresContractTest extends MetadataStoreContract {
  static final String URL = System.getenv("SILO_TEST_DATABASE_URL");

  private String schema;

  @BeforeAll
  static void requireDatabase() {
    assumeTrue(
        URL != null && !URL.isBlank(),
        "SILO_TEST_DATABASE_URL is not set: skipping the PostgreSQL contract run");
  }

  @Override
  protected MetadataStore newStore() throws SQLException {
    schema = "silo_test_" + UUID.randomUUID().toString().replace("-", "");
    execute("CREATE SCHEMA " + schema);
    return JdbcMetadataStore.open(inSchema(URL, schema));
  }

  @Override
  protected void afterStoreClosed() throws SQLException {
    if (schema != null) {
      execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  static String inSchema(String url, String schema) {
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  static void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
