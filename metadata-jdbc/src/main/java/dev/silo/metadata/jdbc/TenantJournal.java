package dev.silo.metadata.jdbc;

import dev.silo.core.audit.AuditRecord;
import dev.silo.core.audit.Event;
import dev.silo.core.domain.TenantId;
import dev.silo.core.spi.JournalRepository;
import java.time.Instant;
import java.util.List;

/**
 * The bound tenant's audit records and outbox events. Rows are written under the bound tenant
 * whatever the record says, and a record naming another tenant is refused: a journal entry can
 * never land in someone else's log.
 */
final class TenantJournal implements JournalRepository {
  private final TenantId tenant;
  private final Sql sql;
  private final WebhookTenants webhookTenants;

  TenantJournal(TenantId tenant, Sql sql, WebhookTenants webhookTenants) {
    this.tenant = tenant;
    this.sql = sql;
    this.webhookTenants = webhookTenants;
  }

  @Override
  public void audit(AuditRecord record) {
    requireOwn(record.tenant());
    AuditQuery.append(sql, tenant.value(), record);
  }

  @Override
  public void event(Event event) {
    requireOwn(event.tenant());
    OutboxTable.append(sql, tenant.value(), event, webhookTenants.mayHave(tenant.value()));
  }

  @Override
  public List<AuditRecord> auditPage(long afterId, Instant since, String action, int limit) {
    return AuditQuery.page(sql, tenant.value(), afterId, since, action, limit);
  }

  private void requireOwn(String claimed) {
    if (claimed != null && !claimed.equals(tenant.value())) {
      throw new IllegalArgumentException("a journal entry can only be written to its own tenant");
    }
  }
}
