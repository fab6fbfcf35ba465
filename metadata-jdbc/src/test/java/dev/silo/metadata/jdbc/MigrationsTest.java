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
