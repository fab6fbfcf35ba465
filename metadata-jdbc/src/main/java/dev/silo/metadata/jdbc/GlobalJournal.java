package dev.silo.metadata.jdbc;

import dev.silo.core.audit.AuditRecord;
import dev.silo.core.audit.Event;
import dev.silo.core.spi.JournalRepository;
import java.time.Instant;
import java.util.List;

/** The operator's view of {@code audit}: records of no tenant, and every tenant's records. */
final class GlobalJournal implements JournalRepository.Global {
  private final Sql sql;

  GlobalJournal(Sql sql) {
    this.sql = sql;
  }

  @Override
  public void audit(AuditRecord record) {
    AuditQuery.append(sql, record.tenant(), record);
  }

  @Override
  public void event(Event event) {
    OutboxTable.append(sql, event.tenant(), event, true);
  }

  @Override
  public List<AuditRecord> auditPage(
      String tenant, long afterId, Instant since, String action, int limit) {
    return AuditQuery.page(sql, tenant, afterId, since, action, limit);
  }

  @Override
  public int pruneAudit(Instant before, int limit) {
    // oldest first by id (ids grow with time), so a batch stops at the first young record
    return sql.update(
        "DELETE FROM audit WHERE id IN (SELECT id FROM audit WHERE occurred_at < ? ORDER BY id LIMIT ?)",
        before,
        limit);
  }
}
