package dev.silo.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.SystemFacts;
import dev.silo.core.domain.TenantId;
import dev.silo.core.spi.TenantTx;
import dev.silo.testkit.PostgresSandbox;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V12 on a database written by an older Silo: the silo-* entries that held system facts in user
 * metadata move to their typed columns and leave the metadata, on SQLite and on PostgreSQL.
 */
class SystemFactsMigrationTest {
  private static final TenantId TENANT = new TenantId("t0000000000000000001");
  private static final ObjectId MULTIPART = new ObjectId("obj_000000000000000000000001");
  private static final ObjectId STAGED = new ObjectId("obj_000000000000000000000002");
  private static final ObjectId UNSTAGED = new ObjectId("obj_000000000000000000000003");
  private static final ObjectId UNANNOUNCED = new ObjectId("obj_000000000000000000000004");
  private static final ObjectId PLAIN = new ObjectId("obj_000000000000000000000005");
  private static final String ETAG = "0123456789abcdef0123456789abcdef-3";

  @TempDir Path dir;

  @Test
  void onSqlite() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("old.db");
    try (HikariDataSource old = new HikariDataSource(Dialect.SQLITE.pool(url))) {
      migrateBeforeV12(old, Dialect.SQLITE);
      writeOldShape(old);
    }
    try (JdbcMetadataStore store = JdbcMetadataStore.open(url)) {
      assertMigrated(store);
    }
  }

  @Test
  void onPostgres() throws Exception {
    assumeTrue(PostgresSandbox.configured(), PostgresSandbox.SKIPPED);
    try (PostgresSandbox sandbox = PostgresSandbox.create()) {
      HikariConfig owner = Dialect.POSTGRESQL.pool(sandbox.ownerUrl());
      owner.setConnectionInitSql(Dialect.POSTGRESQL.migrationInitSql());
      try (HikariDataSource old = new HikariDataSource(owner)) {
        migrateBeforeV12(old, Dialect.POSTGRESQL);
        writeOldShape(old);
      }
      try (JdbcMetadataStore store = JdbcMetadataStore.open(sandbox.appUrl(), sandbox.ownerUrl())) {
        assertMigrated(store);
      }
    }
  }

  private static void migrateBeforeV12(HikariDataSource pool, Dialect dialect) {
    Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(pool)
        .locations("classpath:db/migration")
        .placeholders(dialect.placeholders())
        .target(Migrations.VERSIONS.stream().filter(v -> Integer.parseInt(v) < 12).reduce((a, b) -> b).orElseThrow())
        .load()
        .migrate();
  }

  /** Rows as the silo-* era wrote them. */
  private static void writeOldShape(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(true);
      run(c, "INSERT INTO tenants (id, slug, name, status, max_buckets, allowed_content_types, created_at, updated_at)"
          + " VALUES (?, 'acme', 'Acme', 'active', 1, '', 0, 0)", TENANT.value());
      run(c, "INSERT INTO buckets (tenant_id, name, created_at) VALUES (?, 'acme', 0)", TENANT.value());
      object(c, MULTIPART, "big.bin", 15, "ready", "bmultipart00000000000000000",
          "{\"color\":\"red\",\"silo-multipart-etag\":\"" + ETAG + "\"}");
      object(c, STAGED, "raw/staged.bin", 7, "pending", "bstaged0000000000000000000000",
          "{\"silo-announced-size\":\"7\",\"silo-direct-upload\":\"1\"}");
      object(c, UNSTAGED, "raw/unstaged.bin", 42, "pending", null, "{}");
      object(c, UNANNOUNCED, "raw/unannounced.bin", 3, "pending", "bunannounced00000000000000000",
          "{\"silo-announced-size\":\"-1\",\"owner\":\"me\"}");
      object(c, PLAIN, "plain.txt", 2, "ready", "bplain000000000000000000000000", "{\"silo\":\"not reserved\"}");
    }
  }

  private static void object(Connection c, ObjectId id, String key, long size, String status, String blob, String metadata)
      throws SQLException {
    run(c, "INSERT INTO objects (id, tenant_id, bucket, object_key, size, content_type, etag, sha256, status, acl,"
            + " folder, metadata, blob_name, created_at, updated_at)"
            + " VALUES (?, ?, 'acme', ?, ?, 'application/octet-stream', 'md5', 'sha', ?, 'private', NULL, ?, ?, 0, 0)",
        id.value(), TENANT.value(), key, size, status, metadata, blob);
  }

  private static void run(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      s.executeUpdate();
    }
  }

  private static void assertMigrated(JdbcMetadataStore store) {
    Map<ObjectId, ObjectInfo> rows =
        store.inTenant(TENANT, (TenantTx tx) -> {
          Map<ObjectId, ObjectInfo> out = new java.util.HashMap<>();
          for (ObjectInfo o : tx.objects().anyInBucket(new BucketName("acme"), 10)) {
            out.put(o.id(), o);
          }
          return out;
        });
    ObjectInfo multipart = rows.get(MULTIPART);
    assertThat(multipart.s3Etag()).isEqualTo(ETAG);
    assertThat(multipart.facts()).isEqualTo(new SystemFacts(ETAG, 3, List.of(), null, false));
    assertThat(multipart.metadata()).isEqualTo(Map.of("color", "red"));
    assertThat(rows.get(STAGED).facts()).isEqualTo(SystemFacts.pendingUpload(7L, true));
    assertThat(rows.get(STAGED).metadata()).isEmpty();
    assertThat(rows.get(UNSTAGED).facts()).isEqualTo(SystemFacts.pendingUpload(42L, false));
    assertThat(rows.get(UNANNOUNCED).facts()).isEqualTo(SystemFacts.NONE);
    assertThat(rows.get(UNANNOUNCED).metadata()).isEqualTo(Map.of("owner", "me"));
    assertThat(rows.get(PLAIN).facts()).isEqualTo(SystemFacts.NONE);
    assertThat(rows.get(PLAIN).metadata()).isEqualTo(Map.of("silo", "not reserved"));
  }
}
