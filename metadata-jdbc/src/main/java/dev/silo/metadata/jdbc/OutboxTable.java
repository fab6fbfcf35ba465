package dev.silo.metadata.jdbc;

import dev.silo.core.domain.TenantId;
import dev.silo.core.events.OutboxEntry;
import dev.silo.core.spi.OutboxRepository;
import java.util.List;
import java.util.OptionalLong;

/** The bound tenant's events of {@code outbox}, read in commit order. */
final class OutboxTable implements OutboxRepository {
  private final TenantId tenant;
  private final Sql sql;

  OutboxTable(TenantId tenant, Sql sql) {
    this.tenant = tenant;
    this.sql = sql;
  }

  @Override
  public List<OutboxEntry> after(long seq, int limit) {
    return sql.list(
        "SELECT seq, id, event_type, payload FROM outbox WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?",
        row -> new OutboxEntry(row.getLong(1), row.getString(2), row.getString(3), row.getString(4)),
        tenant.value(),
        seq,
        limit);
  }

  @Override
  public OptionalLong seqOf(String eventId) {
    return sql.first("SELECT seq FROM outbox WHERE tenant_id = ? AND id = ?", row -> row.getLong(1), tenant.value(), eventId)
        .map(OptionalLong::of)
        .orElse(OptionalLong.empty());
  }

  @Override
  public long last() {
    return sql.first(
            "SELECT MAX(seq) FROM outbox WHERE tenant_id = ?",
            row -> row.getObject(1) == null ? 0L : row.getLong(1),
            tenant.value())
        .orElse(0L);
  }
}
