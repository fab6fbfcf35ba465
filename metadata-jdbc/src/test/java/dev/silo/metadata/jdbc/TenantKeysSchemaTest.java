package dev.silo.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.silo.testkit.PostgresSandbox;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How far the migrated schema is from one a PostgreSQL sharded by tenant can hold: there every
 * primary key, unique index and foreign key of a tenant table must include the tenant, and a tenant
 * query must find its rows by an index led by it. The rule is checked on both databases; the tables
 * and indexes that still break it are named here (and in docs/scaling.md, with what each needs),
 * so that a new one fails this test instead of joining them unnoticed.
 */
class TenantKeysSchemaTest {
  /** Keys a request resolves before it knows its tenant, and the sweeper's cross-tenant indexes. */
  static final List<String> GLOBAL_BY_DESIGN = List.of(
      "index api_keys (key_hash)",
      "index objects (created_at, id)",
      "index multipart_uploads (created_at, id)",
      "index resumable_uploads (expires_at)",
      "index webhook_deliveries (status, next_attempt_at)",
      "index blob_cleanup (not_before)",
      "pk s3_credentials (access_key_id)");

  /**
   * Keys by a random id (unique across tenants, so no row can cross over today) that a sharded
   * PostgreSQL needs prefixed with tenant_id; docs/scaling.md lists the migration each needs.
   */
  static final List<String> ID_KEYED = List.of(
      "fk multipart_parts (upload_id) -> multipart_uploads",
      "fk resumable_assembly_parts (upload_id) -> resumable_uploads",
      "fk resumable_parts (upload_id) -> resumable_uploads",
      "index outbox (id)",
      "pk api_keys (id)",
      "pk audit (id)",
      "pk blob_cleanup (id)",
      "pk multipart_parts (upload_id, part_number)",
      "pk multipart_uploads (id)",
      "pk objects (id)",
      "pk outbox (seq)",
      "pk resumable_assembly_parts (upload_id, part_number)",
      "pk resumable_parts (upload_id, start_at)",
      "pk resumable_uploads (id)",
      "pk webhook_deliveries (id)",
      "pk webhooks (id)");

  @TempDir Path dir;

  @Test
  void sqlite() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("silo.db");
    JdbcMetadataStore.open(url).close();
    try (Connection c = DriverManager.getConnection(url)) {
      check(c, null);
    }
  }

  @Test
  void postgresql() throws Exception {
    assumeTrue(PostgresSandbox.configured(), PostgresSandbox.SKIPPED);
    try (PostgresSandbox sandbox = PostgresSandbox.create()) {
      JdbcMetadataStore.open(sandbox.appUrl(), sandbox.ownerUrl()).close();
      try (Connection c = DriverManager.getConnection(sandbox.adminUrl())) {
        check(c, sandbox.schema());
      }
    }
  }

  private static void check(Connection c, String schema) throws SQLException {
    List<String> known = new ArrayList<>(GLOBAL_BY_DESIGN);
    known.addAll(ID_KEYED);
    assertThat(violations(c.getMetaData(), schema)).containsExactlyInAnyOrderElementsOf(known);
  }

  /** Each primary key, index and foreign key of a tenant table that is not led by tenant_id. */
  static List<String> violations(DatabaseMetaData meta, String schema) throws SQLException {
    List<String> out = new ArrayList<>();
    for (String table : tenantTables(meta, schema)) {
      Map<Short, String> pk = new TreeMap<>();
      try (ResultSet r = meta.getPrimaryKeys(null, schema, table)) {
        while (r.next()) {
          pk.put(r.getShort("KEY_SEQ"), r.getString("COLUMN_NAME"));
        }
      }
      if (!pk.isEmpty() && !"tenant_id".equals(pk.values().iterator().next())) {
        out.add("pk " + table + " (" + String.join(", ", pk.values()) + ")");
      }
      Map<String, Map<Short, String>> indexes = new TreeMap<>();
      try (ResultSet r = meta.getIndexInfo(null, schema, table, false, false)) {
        while (r.next()) {
          if (r.getString("INDEX_NAME") != null && r.getString("COLUMN_NAME") != null) {
            indexes.computeIfAbsent(r.getString("INDEX_NAME"), n -> new TreeMap<>())
                .put(r.getShort("ORDINAL_POSITION"), r.getString("COLUMN_NAME"));
          }
        }
      }
      for (Map<Short, String> columns : indexes.values()) {
        List<String> cols = new ArrayList<>(columns.values());
        if (!cols.getFirst().equals("tenant_id") && !cols.equals(new ArrayList<>(pk.values()))) {
          out.add("index " + table + " (" + String.join(", ", cols) + ")");
        }
      }
      Map<String, List<String[]>> fks = new TreeMap<>();
      try (ResultSet r = meta.getImportedKeys(null, schema, table)) {
        while (r.next()) {
          String name = r.getString("PKTABLE_NAME") + "/" + r.getString("FK_NAME");
          fks.computeIfAbsent(name, n -> new ArrayList<>())
              .add(new String[] {r.getString("FKCOLUMN_NAME"), r.getString("PKCOLUMN_NAME")});
        }
      }
      for (Map.Entry<String, List<String[]>> fk : fks.entrySet()) {
        String target = fk.getKey().substring(0, fk.getKey().indexOf('/'));
        boolean carriesTenant = fk.getValue().stream()
            .anyMatch(p -> p[0].equals("tenant_id")
                && (p[1].equals("tenant_id") || target.equals("tenants") && p[1].equals("id")));
        if (!carriesTenant) {
          out.add("fk " + table + " (" + String.join(", ", fk.getValue().stream().map(p -> p[0]).toList())
              + ") -> " + target);
        }
      }
    }
    return out.stream().distinct().sorted().toList();
  }

  /** Every table but the tenants themselves and Flyway's history. */
  private static TreeSet<String> tenantTables(DatabaseMetaData meta, String schema) throws SQLException {
    TreeSet<String> tables = new TreeSet<>();
    try (ResultSet r = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
      while (r.next()) {
        String t = r.getString("TABLE_NAME");
        if (!t.equals("tenants") && !t.startsWith("flyway") && !t.startsWith("sqlite_")) {
          tables.add(t);
        }
      }
    }
    return tables;
  }
}
