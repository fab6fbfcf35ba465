package dev.silo.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
  private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");

  @TempDir Path dir;

  @Test
  void theListOfVersionsMatchesTheMigrationFiles() throws Exception {
    Path folder = Path.of(Migrations.class.getResource("/db/migration").toURI());
    List<String> files;
    try (Stream<Path> paths = Files.list(folder)) {
      files = paths.map(p -> VERSIONED.matcher(p.getFileName().toString()))
          .filter(Matcher::matches)
          .map(m -> m.group(1))
          .sorted(Comparator.comparingInt(Integer::parseInt))
          .toList();
    }
    assertThat(Migrations.VERSIONS).containsExactlyElementsOf(files);
  }

  /** V29: a bucket's noncurrent_days becomes its lifecycle rule of that name, and the column goes. */
  @Test
  void noncurrentDaysBecomeALifecycleRule() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("old.db");
    try (HikariDataSource pool = new HikariDataSource(Dialect.SQLITE.pool(url))) {
      org.flywaydb.core.Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(pool).locations("classpath:db/migration").placeholders(Dialect.SQLITE.placeholders())
          .target("28").load().migrate();
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.execute("INSERT INTO tenants (id, slug, name, status, max_buckets, allowed_content_types)"
            + " VALUES ('t1', 'acme', 'Acme', 'active', 10, '')");
        s.execute("INSERT INTO buckets (tenant_id, name, created_at, noncurrent_days) VALUES ('t1', 'kept', 0, 30)");
        s.execute("INSERT INTO buckets (tenant_id, name, created_at) VALUES ('t1', 'plain', 0)");
      }
      Migrations.apply(pool, Dialect.SQLITE);
      try (Connection c = pool.getConnection(); Statement s = c.createStatement();
          java.sql.ResultSet rows = s.executeQuery("SELECT name, lifecycle FROM buckets ORDER BY name")) {
        rows.next();
        assertThat(dev.silo.core.domain.Lifecycle.decode(rows.getString(2)))
            .isEqualTo(dev.silo.core.domain.Lifecycle.NONE.withNoncurrentDays(30));
        rows.next();
        assertThat(rows.getString(2)).isNull();
      }
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.executeQuery("SELECT noncurrent_days FROM buckets"))
            .isInstanceOf(java.sql.SQLException.class);
      }
    }
  }

  @Test
  void aSchemaIsUpToDateOnlyOnceEveryMigrationIsApplied() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("silo.db");
    try (HikariDataSource pool = new HikariDataSource(Dialect.SQLITE.pool(url))) {
      assertThat(Migrations.upToDate(pool)).isFalse();
      Migrations.apply(pool, Dialect.SQLITE);
      assertThat(Migrations.upToDate(pool)).isTrue();
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.execute("DELETE FROM flyway_schema_history WHERE version = '"
            + Migrations.VERSIONS.getLast() + "'");
      }
      assertThat(Migrations.upToDate(pool)).isFalse();
    }
  }
}
