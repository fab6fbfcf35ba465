package dev.silo.metadata.jdbc;

import dev.silo.core.spi.CleanupRepository;
import java.time.Instant;
import java.util.List;

/** The sweeper's view of {@code blob_cleanup}, across tenants, alive or deleted. */
final class CleanupQueue implements CleanupRepository.Global {
  private final Sql sql;

  CleanupQueue(Sql sql) {
    this.sql = sql;
  }

  @Override
  public List<CleanupRepository.Entry> due(Instant now, int limit) {
    return sql.list(
        "SELECT " + Rows.CLEANUP_COLUMNS + " FROM blob_cleanup WHERE not_before <= ?"
            + " ORDER BY id LIMIT ?",
        Rows::cleanup,
        now,
        limit);
  }

  @Override
  public void remove(long id) {
    sql.update("DELETE FROM blob_cleanup WHERE id = ?", id);
  }
}
