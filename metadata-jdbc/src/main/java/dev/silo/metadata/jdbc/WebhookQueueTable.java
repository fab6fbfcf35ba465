package dev.silo.metadata.jdbc;

import dev.silo.core.events.DueDelivery;
import dev.silo.core.spi.WebhookQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Every tenant's pending deliveries, claimed by the dispatcher of one node at a time. */
final class WebhookQueueTable implements WebhookQueue {
  private final Sql sql;

  WebhookQueueTable(Sql sql) {
    this.sql = sql;
  }

  @Override
  public List<DueDelivery> claim(Instant now, Instant leaseUntil, int perWebhook, Set<String> exclude, int limit) {
    // First the candidates, fairly: each endpoint's oldest perWebhook, first slots before second.
    StringBuilder candidates =
        new StringBuilder(
            "SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY webhook_id ORDER BY next_attempt_at, id) AS rn"
                + " FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?");
    List<Object> args = new ArrayList<>(List.of(now));
    if (!exclude.isEmpty()) {
      candidates.append(" AND webhook_id NOT IN (").append(Sql.placeholders(exclude.size())).append(")");
      args.addAll(exclude);
    }
    candidates.append(") c WHERE rn <= ? ORDER BY rn, id LIMIT ?");
    args.add(perWebhook);
    args.add(limit);
    List<Long> ids = sql.list(candidates.toString(), row -> row.getLong(1), args.toArray());
    if (ids.isEmpty()) {
      return List.of();
    }
    // Then lock them, skipping rows another node holds (SKIP LOCKED on PostgreSQL; SQLite has one
    // writer at a time, so its transaction alone is enough), and recheck they are still due.
    String lock = sql.dialect() == Dialect.POSTGRESQL ? " FOR UPDATE OF d SKIP LOCKED" : "";
    List<Object> lockArgs = new ArrayList<>(ids);
    lockArgs.add(now);
    List<DueDelivery> due =
        sql.list(
            "SELECT d.id, d.tenant_id, d.webhook_id, w.url, d.event_id, o.payload, d.attempts, d.first_at"
                + " FROM webhook_deliveries d"
                + " JOIN webhooks w ON w.tenant_id = d.tenant_id AND w.id = d.webhook_id"
                + " JOIN outbox o ON o.tenant_id = d.tenant_id AND o.id = d.event_id"
                + " WHERE d.id IN (" + Sql.placeholders(ids.size()) + ")"
                + " AND d.status = 'pending' AND d.next_attempt_at <= ?"
                + lock,
            row ->
                new DueDelivery(
                    row.getLong(1),
                    row.getString(2),
                    row.getString(3),
                    row.getString(4),
                    row.getString(5),
                    row.getString(6),
                    row.getInt(7),
                    Instant.ofEpochMilli(row.getLong(8))),
            lockArgs.toArray());
    for (DueDelivery d : due) {
      sql.update(
          "UPDATE webhook_deliveries SET next_attempt_at = ? WHERE tenant_id = ? AND id = ?", leaseUntil, d.tenant(), d.id());
    }
    return due;
  }

  @Override
  public void delivered(DueDelivery delivery, Instant now) {
    sql.update(
        "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_error = NULL,"
            + " updated_at = ? WHERE tenant_id = ? AND id = ?",
        now,
        delivery.tenant(),
        delivery.id());
  }

  @Override
  public void retry(DueDelivery delivery, int attempts, Instant nextAt, String error, Instant now) {
    sql.update(
        "UPDATE webhook_deliveries SET attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ?"
            + " WHERE tenant_id = ? AND id = ? AND status = 'pending'",
        attempts,
        nextAt,
        error,
        now,
        delivery.tenant(),
        delivery.id());
  }

  @Override
  public void dead(DueDelivery delivery, int attempts, String error, Instant now) {
    sql.update(
        "UPDATE webhook_deliveries SET status = 'dead', attempts = ?, last_error = ?, updated_at = ?"
            + " WHERE tenant_id = ? AND id = ? AND status = 'pending'",
        attempts,
        error,
        now,
        delivery.tenant(),
        delivery.id());
  }

  @Override
  public boolean anyDue(Instant now) {
    return sql.first(
            "SELECT 1 FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? LIMIT 1",
            row -> Boolean.TRUE,
            now)
        .isPresent();
  }

  @Override
  public long count(String status) {
    return sql.first("SELECT COUNT(*) FROM webhook_deliveries WHERE status = ?", row -> row.getLong(1), status)
        .orElse(0L);
  }

  @Override
  public Duration oldestDueAge(Instant now) {
    long oldest =
        sql.first(
                "SELECT MIN(first_at) FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?",
                row -> row.getObject(1) == null ? Long.MAX_VALUE : row.getLong(1),
                now)
            .orElse(Long.MAX_VALUE);
    return oldest == Long.MAX_VALUE ? Duration.ZERO : Duration.ofMillis(Math.max(0, now.toEpochMilli() - oldest));
  }
}
