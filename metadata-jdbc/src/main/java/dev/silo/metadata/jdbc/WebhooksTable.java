package dev.silo.metadata.jdbc;

import dev.silo.core.audit.Event;
import dev.silo.core.domain.TenantId;
import dev.silo.core.events.Delivery;
import dev.silo.core.events.Webhook;
import dev.silo.core.events.WebhookFilter;
import dev.silo.core.spi.WebhookRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The bound tenant's rows of {@code webhooks} and {@code webhook_deliveries}. */
final class WebhooksTable implements WebhookRepository {
  private static final String COLUMNS = "id, url, events, active, created_at, filter_bucket, filter_prefix, filter_suffix";
  static final String DELIVERY_COLUMNS =
      "id, webhook_id, event_id, status, attempts, first_at, next_attempt_at, last_error, updated_at";

  private final TenantId tenant;
  private final Sql sql;
  private final WebhookTenants webhookTenants;

  WebhooksTable(TenantId tenant, Sql sql, WebhookTenants webhookTenants) {
    this.tenant = tenant;
    this.sql = sql;
    this.webhookTenants = webhookTenants;
  }

  /**
   * Queues a delivery of the event to each of the tenant's active endpoints that wants its type
   * and, for an endpoint with a filter, its object's bucket and key ({@code WebhookFilter}: an event
   * of no object passes none), in the transaction that writes the event: a committed event is never
   * without its deliveries.
   */
  static void fanOut(Sql sql, String tenant, Event event) {
    sql.later(
        queued -> {
          if (queued > 0) {
            CommitNotices.queued(sql);
          }
        },
        "INSERT INTO webhook_deliveries (tenant_id, webhook_id, event_id, status, attempts, first_at,"
            + " next_attempt_at, updated_at) SELECT w.tenant_id, w.id, ?, 'pending', 0, ?, ?, ?"
            + " FROM webhooks w, (SELECT CAST(? AS TEXT) AS b, CAST(? AS TEXT) AS k) e"
            + " WHERE w.tenant_id = ? AND w.active = 1 AND (w.events = '*' OR w.events LIKE ?)"
            + " AND (w.filter_bucket IS NULL OR w.filter_bucket = e.b)"
            + " AND (w.filter_prefix IS NULL OR substr(e.k, 1, length(w.filter_prefix)) = w.filter_prefix)"
            + " AND (w.filter_suffix IS NULL OR (length(e.k) >= length(w.filter_suffix)"
            + " AND substr(e.k, length(e.k) - length(w.filter_suffix) + 1) = w.filter_suffix))",
        event.id(),
        event.time(),
        event.time(),
        event.time(),
        event.bucket(),
        event.key(),
        tenant,
        "%," + event.type() + ",%");
  }

  @Override
  public void insert(Webhook w) {
    webhookTenants.add(tenant.value());
    sql.update(
        "INSERT INTO webhooks (" + COLUMNS + ", tenant_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        w.id(),
        w.url(),
        w.events().isEmpty() ? "*" : "," + w.events().stream().sorted().collect(Collectors.joining(",")) + ",",
        w.active() ? 1 : 0,
        w.createdAt(),
        w.filter().bucket(),
        w.filter().prefix(),
        w.filter().suffix(),
        tenant.value());
  }

  @Override
  public List<Webhook> list() {
    return sql.list(
        "SELECT " + COLUMNS + " FROM webhooks WHERE tenant_id = ? ORDER BY created_at, id",
        WebhooksTable::webhook,
        tenant.value());
  }

  @Override
  public Optional<Webhook> find(String id) {
    return sql.first(
        "SELECT " + COLUMNS + " FROM webhooks WHERE tenant_id = ? AND id = ?", WebhooksTable::webhook, tenant.value(), id);
  }

  @Override
  public boolean delete(String id) {
    sql.update("DELETE FROM webhook_deliveries WHERE tenant_id = ? AND webhook_id = ?", tenant.value(), id);
    return sql.update("DELETE FROM webhooks WHERE tenant_id = ? AND id = ?", tenant.value(), id) > 0;
  }

  @Override
  public List<Delivery> deliveries(String webhookId, String status, long beforeId, int limit) {
    StringBuilder q =
        new StringBuilder(
            "SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries WHERE tenant_id = ? AND webhook_id = ? AND id < ?");
    List<Object> args = new ArrayList<>(List.of(tenant.value(), webhookId, beforeId));
    if (status != null) {
      q.append(" AND status = ?");
      args.add(status);
    }
    q.append(" ORDER BY id DESC LIMIT ?");
    args.add(limit);
    return sql.list(q.toString(), WebhooksTable::delivery, args.toArray());
  }

  @Override
  public boolean redrive(String webhookId, long deliveryId, Instant now) {
    boolean due = sql.update(
            "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, first_at = ?, next_attempt_at = ?,"
                + " updated_at = ? WHERE tenant_id = ? AND webhook_id = ? AND id = ? AND status = 'dead'",
            now,
            now,
            now,
            tenant.value(),
            webhookId,
            deliveryId)
        > 0;
    if (due) {
      CommitNotices.queued(sql);
    }
    return due;
  }

  private static Webhook webhook(ResultSet row) throws SQLException {
    String events = row.getString("events");
    Set<String> types =
        events.equals("*")
            ? Set.of()
            : Arrays.stream(events.split(",")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    return new Webhook(
        row.getString("id"),
        row.getString("url"),
        types,
        row.getInt("active") != 0,
        Instant.ofEpochMilli(row.getLong("created_at")),
        new WebhookFilter(row.getString("filter_bucket"), row.getString("filter_prefix"), row.getString("filter_suffix")));
  }

  static Delivery delivery(ResultSet row) throws SQLException {
    return new Delivery(
        row.getLong("id"),
        row.getString("webhook_id"),
        row.getString("event_id"),
        row.getString("status"),
        row.getInt("attempts"),
        Instant.ofEpochMilli(row.getLong("first_at")),
        Instant.ofEpochMilli(row.getLong("next_attempt_at")),
        row.getString("last_error"),
        Instant.ofEpochMilli(row.getLong("updated_at")));
  }
}
