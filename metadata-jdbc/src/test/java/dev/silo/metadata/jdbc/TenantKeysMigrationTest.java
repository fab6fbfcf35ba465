package dev.silo.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.silo.testkit.PostgresSandbox;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V24 on a PostgreSQL database an older Silo wrote: every row stays, and the new keys hold. A part
 * can no longer point at another tenant's upload, which the keys by upload id alone allowed.
 */
class TenantKeysMigrationTest {
  private static final List<String> TABLES = List.of(
      "objects", "api_keys", "outbox", "webhooks", "webhook_deliveries", "blob_cleanup", "multipart_uploads",
      "multipart_parts", "resumable_uploads", "resumable_parts", "resumable_assembly_parts");

  @Test
  void keepsEveryRowAndRefusesAPartOfAnotherTenantsUpload() throws Exception {
    assumeTrue(PostgresSandbox.configured(), PostgresSandbox.SKIPPED);
    try (PostgresSandbox sandbox = PostgresSandbox.create()) {
      HikariConfig owner = Dialect.POSTGRESQL.pool(sandbox.ownerUrl());
      owner.setConnectionInitSql(Dialect.POSTGRESQL.migrationInitSql());
      try (HikariDataSource pool = new HikariDataSource(owner)) {
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(pool)
            .locations("classpath:db/migration")
            .placeholders(Dialect.POSTGRESQL.placeholders())
            .target(Migrations.VERSIONS.stream().filter(v -> Integer.parseInt(v) < 24).reduce((a, b) -> b).orElseThrow())
            .load()
            .migrate();
        run(pool,
            "INSERT INTO tenants (id, slug, name, status, max_buckets, allowed_content_types)"
                + " VALUES ('ta', 'ta', 'A', 'active', 10, ''), ('tb', 'tb', 'B', 'active', 10, '')",
            "INSERT INTO buckets (tenant_id, name) VALUES ('ta', 'docs')",
            "INSERT INTO objects (id, tenant_id, bucket, object_key, size, status, acl, metadata)"
                + " VALUES ('obj_1', 'ta', 'docs', 'a.txt', 1, 'ready', 'private', '{}')",
            "INSERT INTO api_keys (id, tenant_id, name, prefix, key_hash, scopes) VALUES ('key_1', 'ta', 'k', 'p', 'h', 'read')",
            "INSERT INTO outbox (id, tenant_id, event_type, occurred_at, payload) VALUES ('evt_1', 'ta', 'object.created', 1, '{}')",
            "INSERT INTO webhooks (id, tenant_id, url, events, active, created_at) VALUES ('wh_1', 'ta', 'https://h', '*', 1, 1)",
            "INSERT INTO webhook_deliveries (tenant_id, webhook_id, event_id, status, attempts, first_at, next_attempt_at,"
                + " updated_at) VALUES ('ta', 'wh_1', 'evt_1', 'pending', 0, 1, 1, 1)",
            "INSERT INTO blob_cleanup (tenant_id, container, prefix, blob_name, not_before) VALUES ('ta', 'c', 'p', 'b1', 1)",
            "INSERT INTO multipart_uploads (id, tenant_id, bucket, object_key, metadata) VALUES ('mpu_1', 'ta', 'docs', 'big', '{}')",
            "INSERT INTO multipart_parts (upload_id, tenant_id, part_number, size, md5, blob_name)"
                + " VALUES ('mpu_1', 'ta', 1, 5, 'm', 'b2')",
            "INSERT INTO resumable_uploads (id, tenant_id, object_id, bucket, object_key, upload_offset, content_type,"
                + " metadata, expires_at, created_at) VALUES ('tus_1', 'ta', 'obj_2', 'docs', 'r', 0, 'x/y', '{}', 9, 1)",
            "INSERT INTO resumable_parts (upload_id, tenant_id, start_at, size, blob_name) VALUES ('tus_1', 'ta', 0, 5, 'b3')",
            "INSERT INTO resumable_assembly_parts (upload_id, tenant_id, part_number, size, etag) VALUES ('tus_1', 'ta', 1, 5, 'e')");
      }

      JdbcMetadataStore.open(sandbox.appUrl(), sandbox.ownerUrl()).close();

      try (HikariDataSource pool = new HikariDataSource(owner)) {
        for (String table : TABLES) {
          assertThat(count(pool, "SELECT COUNT(*) FROM " + table + " WHERE tenant_id = 'ta'")).as(table).isEqualTo(1);
        }
        assertThat(count(pool, "SELECT COUNT(*) FROM flyway_schema_history WHERE version = '24' AND success")).isEqualTo(1);
        // tenant B's part naming tenant A's upload: the upload key is (tenant_id, id) now
        for (String sql : List.of(
            "INSERT INTO multipart_parts (upload_id, tenant_id, part_number, size, md5, blob_name)"
                + " VALUES ('mpu_1', 'tb', 2, 5, 'm', 'b4')",
            "INSERT INTO resumable_parts (upload_id, tenant_id, start_at, size, blob_name) VALUES ('tus_1', 'tb', 5, 5, 'b5')",
            "INSERT INTO resumable_assembly_parts (upload_id, tenant_id, part_number, size, etag)"
                + " VALUES ('tus_1', 'tb', 2, 5, 'e')")) {
          assertThatThrownBy(() -> run(pool, sql))
              .isInstanceOf(SQLException.class)
              .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23503"));
        }
      }
    }
  }

  private static void run(HikariDataSource pool, String... statements) throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      try {
        for (String sql : statements) {
          s.execute(sql);
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static long count(HikariDataSource pool, String sql) throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      long n = r.getLong(1);
      c.rollback();
      return n;
    }
  }
}
