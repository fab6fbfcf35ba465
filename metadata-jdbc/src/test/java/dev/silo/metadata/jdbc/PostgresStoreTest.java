package dev.silo.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.silo.core.error.UnavailableException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the PostgreSQL dialect promises beyond the contract. */
class PostgresStoreTest {
  @Test
  void anUnreachableServerIsUnavailable() {
    assertThatThrownBy(() -> JdbcMetadataStore.open(
            "jdbc:postgresql://127.0.0.1:1/silo?user=nobody&connectTimeout=2"))
        .isInstanceOf(UnavailableException.class);
  }

  @Test
  void scanIsARangeOverTheKeyIndexInByteOrder() throws Exception {
    String url = PostgresContractTest.URL;
    assumeTrue(PostgresContractTest.configured(), "SILO_TEST_DATABASE_URL is not set");
    String schema = "silo_test_" + UUID.randomUUID().toString().replace("-", "");
    PostgresContractTest.execute(url, "CREATE SCHEMA " + schema);
    try {
      JdbcMetadataStore.open(PostgresContractTest.inSchema(url, schema)).close();
      try (Connection c = DriverManager.getConnection(PostgresContractTest.inSchema(url, schema));
          Statement s = c.createStatement()) {
        s.execute("SET enable_seqscan = off");
        StringBuilder plan = new StringBuilder();
        try (ResultSet r = s.executeQuery(
            "EXPLAIN SELECT id FROM objects WHERE tenant_id = 't' AND bucket = 'b'"
                + " AND status = 'ready' AND object_key > 'k' ORDER BY object_key LIMIT 10")) {
          while (r.next()) {
            plan.append(r.getString(1)).append('\n');
          }
        }
        assertThat(plan.toString()).contains("Index Scan").doesNotContain("Sort");
        Map<String, String> collations = new TreeMap<>();
        try (ResultSet r = s.executeQuery(
            "SELECT table_name || '.' || column_name, collation_name"
                + " FROM information_schema.columns WHERE table_schema = current_schema()"
                + " AND collation_name IS NOT NULL")) {
          while (r.next()) {
            collations.put(r.getString(1), r.getString(2));
          }
        }
        assertThat(collations)
            .containsEntry("objects.object_key", "C")
            .containsEntry("objects.bucket", "C")
            .containsEntry("buckets.name", "C")
            .containsEntry("tenants.slug", "C");
      }
    } finally {
      PostgresContractTest.execute(url, "DROP SCHEMA " + schema + " CASCADE");
    }
  }
}
