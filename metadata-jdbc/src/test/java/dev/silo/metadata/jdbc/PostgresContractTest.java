package dev.silo.metadata.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.silo.core.spi.MetadataStore;
import dev.silo.testkit.MetadataStoreContract;
import dev.silo.testkit.PostgresSandbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on PostgreSQL. Runs when {@code SILO_TEST_DATABASE_URL} names a database, for
 * example {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}; skipped otherwise.
 *
 * <p>The run creates a database with ICU's en-US collation, where "a-b", "ab" and "aB" sort as
 * people expect rather than by their bytes, so that the byte-order tests prove the schema's own
 * collation and not the server's default. Each test gets a schema of its own in it; the database
 * is dropped at the end. Without the right to create databases, the run falls back to schemas in
 * the given database.
 *
 * <p>Each schema is a {@link PostgresSandbox}: the store migrates as the schema's owner and runs
 * as an app role with DML grants only, so the whole contract passes under row-level security.
 */
class PostgresContractTest extends MetadataStoreContract {
  static final String URL = System.getenv("SILO_TEST_DATABASE_URL");
  private static final Pattern DATABASE = Pattern.compile("(jdbc:postgresql://[^/]*/)([^?]*)(.*)");

  private static String database;
  private static String databaseUrl;
  private PostgresSandbox sandbox;

  @BeforeAll
  static void createDatabase() {
    if (!configured()) {
      return;
    }
    String name = "silo_contract_" + UUID.randomUUID().toString().replace("-", "");
    Matcher m = DATABASE.matcher(URL);
    try {
      if (!m.matches()) {
        throw new SQLException("no database name in SILO_TEST_DATABASE_URL");
      }
      execute(URL, "CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'"
          + " LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
      database = name;
      databaseUrl = m.group(1) + name + m.group(3);
    } catch (SQLException e) {
      System.err.println("PostgreSQL contract: cannot create an en-US database ("
          + e.getMessage() + "); using schemas in the given database");
      databaseUrl = URL;
    }
  }

  @AfterAll
  static void dropDatabase() throws SQLException {
    if (database != null) {
      execute(URL, "DROP DATABASE " + database + " WITH (FORCE)");
    }
  }

  /** Other nodes write the same database: a revocation there must be refused here at once. */
  @Override
  protected boolean hearsEveryCredentialChange() {
    return false;
  }

  @Override
  protected MetadataStore newStore() throws SQLException {
    // skipped test by test, so that the report counts them as skipped
    assumeTrue(
        configured(), "SILO_TEST_DATABASE_URL is not set: skipping the PostgreSQL contract run");
    sandbox = PostgresSandbox.create(databaseUrl);
    return JdbcMetadataStore.open(sandbox.appUrl(), sandbox.ownerUrl());
  }

  @Override
  protected void afterStoreClosed() throws SQLException {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  static boolean configured() {
    return URL != null && !URL.isBlank();
  }

  static String inSchema(String url, String schema) {
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  static void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
