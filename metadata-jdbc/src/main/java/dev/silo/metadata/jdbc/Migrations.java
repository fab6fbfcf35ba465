package dev.silo.metadata.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Brings the schema up to date at start-up, from {@code db/migration} on the class path. */
final class Migrations {
  /**
   * The versions of the files in {@code db/migration}. Add each new one here too ({@code
   * MigrationsTest} fails until you do): it lets a start on an up-to-date schema skip Flyway.
   */
  static final List<String> VERSIONS = List.of("1", "2", "3", "5", "6", "8", "9", "10", "11", "12", "19", "20", "21", "22", "24", "25", "26", "27", "28", "29", "30", "31", "32", "33", "34", "35", "36", "37", "38");

  private Migrations() {}

  static void apply(DataSource dataSource, Dialect dialect) {
    if (upToDate(dataSource)) {
      return;
    }
    try {
      Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .placeholders(dialect.placeholders())
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new IllegalStateException("metadata schema migration failed: " + e.getMessage(), e);
    }
  }

  /**
   * Whether every known migration has been applied, read from Flyway's own history table. Loading
   * and running Flyway costs a quarter of a second at every start, most of the start-up budget;
   * one query does not. Versions applied by a newer Silo are ignored, as Flyway would ignore them.
   */
  static boolean upToDate(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT version FROM flyway_schema_history"
                    + " WHERE success AND version IS NOT NULL")) {
      Set<String> applied = new HashSet<>();
      while (rows.next()) {
        applied.add(rows.getString(1));
      }
      return applied.containsAll(VERSIONS);
    } catch (SQLException e) {
      return false; // no history table: a new database, which Flyway sets up
    }
  }
}
