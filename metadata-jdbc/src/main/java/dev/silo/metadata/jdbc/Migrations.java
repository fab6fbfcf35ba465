package dev.silo.metadata.jdbc;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Brings the schema up to date at start-up, from {@code db/migration} on the class path. */
final class Migrations {
  private Migrations() {}

  static void apply(DataSource dataSource, Dialect dialect) {
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
}
