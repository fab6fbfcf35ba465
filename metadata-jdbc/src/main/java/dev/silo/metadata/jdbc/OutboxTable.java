package dev.silo.metadata.jdbc;

import dev.silo.core.audit.Event;
import dev.silo.core.domain.TenantId;
import dev.silo.core.events.OutboxEntry;
import dev.silo.core.spi.DuplicateException;
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

  /**
   * Writes {@code tenant}'s event, with a delivery for each of its webhooks that wants it when
   * {@code fanOut} (a tenant known to have none skips that statement), and tells the relays after
   * the commit. Deferred ({@link Sql#later}): nothing in the write reads them back.
   */
  static void append(Sql sql, String tenant, Event event, boolean fanOut) {
    sql.later(
        Sql.Changed.atLeastOne(() -> new DuplicateException("an event with this id already exists")),
        "INSERT INTO outbox (id, tenant_id, event_type, occurred_at, payload)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        event.id(),
        tenant,
        event.type(),
        event.time(),
        event.payload());
    if (fanOut) {
      WebhooksTable.fanOut(sql, tenant, event);
    }
    CommitNotices.announce(sql);
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
