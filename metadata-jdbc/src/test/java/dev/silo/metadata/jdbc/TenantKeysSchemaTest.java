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
 * The migrated schema is one a PostgreSQL sharded by tenant can hold (docs/scaling.md): every
 * primary key and unique index of a tenant table is led by tenant_id, every foreign key carries it,
 * and every index a tenant query uses is led by it. What is global on purpose is named here with
 * the reason, so that a new table or index that breaks the rule fails this test instead of joining
 * them unnoticed. Tables added by later migrations are checked the same way.
 */
class TenantKeysSchemaTest {
  /**
   * Unique keys that are global by design. Each is what a request resolves before it knows its
   * tenant, or a table that is not any one tenant's: in a distributed PostgreSQL these live in
   * reference (replicated) or coordinator-local tables, not in the distributed ones.
   */
  static final Map<String, String> GLOBAL_KEYS = Map.of(
      "unique index api_keys (key_hash)",
          "a bearer key names its tenant only through this lookup (Authenticator, ApiKeyIndex)",
      "pk s3_credentials (access_key_id)",
          "a SigV4/SigV2 request names only its access key id; the tenant is what the lookup returns",
      "pk audit (id)",
          "the audit log is the operator's: operator records have no tenant (tenant_id is null) and"
              + " every record outlives its tenant; its tenant reads use audit (tenant_id, id)");

  /**
   * Non-unique indexes of the cross-tenant background queues (global units of work, never a
   * tenant's request). Each shard of a distributed database keeps them for its own rows and the
   * job fans out; non-unique indexes need not contain the distribution column.
   */
  static final Map<String, String> QUEUE_INDEXES = Map.of(
      "index objects (created_at, id)",
          "LifecycleQueries: pending uploads past their grace, tmp/ objects past their age (V10)",
      "index multipart_uploads (created_at, id)", "LifecycleQueries: abandoned multipart uploads (V10)",
      "index resumable_uploads (expires_at)", "ResumableTable.expired: expired TUS uploads",
      "index webhook_deliveries (status, next_attempt_at)", "WebhookQueueTable.claim: due deliveries",
      "index blob_cleanup (not_before)", "CleanupQueue.due: blobs due for deletion",
      "index blob_cleanup (id)",
          "CleanupQueue.remove: the reaper deletes a row by id, also after its tenant is gone (V24)");

  /**
   * SQLite gets nothing from V24 (one file is never sharded; its keys by id serve the same
   * lookups, which all filter by tenant_id too), so it keeps the V1-V9 keys by random id.
   */
  static final List<String> SQLITE_ID_KEYS = List.of(
      "fk multipart_parts (upload_id) -> multipart_uploads",
      "fk resumable_assembly_parts (upload_id) -> resumable_uploads",
      "fk resumable_parts (upload_id) -> resumable_uploads",
      "unique index outbox (id)",
      "pk api_keys (id)",
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
      List<String> expected = new ArrayList<>(GLOBAL_KEYS.keySet());
      expected.addAll(QUEUE_INDEXES.keySet());
      expected.remove("index blob_cleanup (id)"); // its primary key on SQLite
      expected.addAll(SQLITE_ID_KEYS);
      assertThat(violations(c.getMetaData(), null)).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void postgresql() throws Exception {
    assumeTrue(PostgresSandbox.configured(), PostgresSandbox.SKIPPED);
    try (PostgresSandbox sandbox = PostgresSandbox.create()) {
      JdbcMetadataStore.open(sandbox.appUrl(), sandbox.ownerUrl()).close();
      try (Connection c = DriverManager.getConnection(sandbox.adminUrl())) {
        List<String> expected = new ArrayList<>(GLOBAL_KEYS.keySet());
        expected.addAll(QUEUE_INDEXES.keySet());
        assertThat(violations(c.getMetaData(), sandbox.schema())).containsExactlyInAnyOrderElementsOf(expected);
      }
    }
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
      Map<String, Boolean> unique = new TreeMap<>();
      try (ResultSet r = meta.getIndexInfo(null, schema, table, false, false)) {
        while (r.next()) {
          if (r.getString("INDEX_NAME") != null && r.getString("COLUMN_NAME") != null) {
            indexes.computeIfAbsent(r.getString("INDEX_NAME"), n -> new TreeMap<>())
                .put(r.getShort("ORDINAL_POSITION"), r.getString("COLUMN_NAME"));
            unique.put(r.getString("INDEX_NAME"), !r.getBoolean("NON_UNIQUE"));
          }
        }
      }
      for (Map.Entry<String, Map<Short, String>> index : indexes.entrySet()) {
        List<String> cols = new ArrayList<>(index.getValue().values());
        if (!cols.getFirst().equals("tenant_id") && !cols.equals(new ArrayList<>(pk.values()))) {
          out.add((unique.get(index.getKey()) ? "unique index " : "index ") + table + " (" + String.join(", ", cols) + ")");
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
