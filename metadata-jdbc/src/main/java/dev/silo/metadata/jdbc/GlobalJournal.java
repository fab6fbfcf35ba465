package dev.silo.metadata.jdbc;

import dev.silo.core.audit.AuditRecord;
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
  public List<AuditRecord> auditPage(
      String tenant, long afterId, Instant since, String action, int limit) {
    return AuditQuery.page(sql, tenant, afterId, since, action, limit);
  }
}
