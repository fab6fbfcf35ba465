package dev.silo.testkit.memory;

import dev.silo.core.events.Delivery;
import dev.silo.core.events.Webhook;
import dev.silo.core.spi.WebhookRepository;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The bound tenant's webhook endpoints and their deliveries. */
record MemoryWebhooks(String tenant, Tables tables) implements WebhookRepository {
  @Override
  public void insert(Webhook webhook) {
    if (tables.webhooks.putIfAbsent(webhook.id(), new Tables.Owned<>(tenant, webhook)) != null) {
      throw new dev.silo.core.spi.DuplicateException("a webhook with this id already exists");
    }
  }

  @Override
  public List<Webhook> list() {
    return tables.webhooks.values().stream()
        .filter(w -> w.tenant().equals(tenant))
        .map(Tables.Owned::row)
        .sorted(Comparator.comparing(Webhook::createdAt).thenComparing(Webhook::id))
        .toList();
  }

  @Override
  public Optional<Webhook> find(String id) {
    Tables.Owned<Webhook> row = tables.webhooks.get(id);
    return row != null && row.tenant().equals(tenant) ? Optional.of(row.row()) : Optional.empty();
  }

  @Override
  public boolean delete(String id) {
    tables.deliveries.values().removeIf(d -> d.tenant().equals(tenant) && d.row().webhookId().equals(id));
    return find(id).map(w -> tables.webhooks.remove(id)).isPresent();
  }

  @Override
  public List<Delivery> deliveries(String webhookId, String status, long beforeId, int limit) {
    return tables.deliveries.headMap(beforeId, false).descendingMap().values().stream()
        .filter(d -> d.tenant().equals(tenant))
        .map(Tables.Owned::row)
        .filter(d -> d.webhookId().equals(webhookId) && (status == null || status.equals(d.status())))
        .limit(limit)
        .toList();
  }

  @Override
  public boolean redrive(String webhookId, long deliveryId, Instant now) {
    Tables.Owned<Delivery> row = tables.deliveries.get(deliveryId);
    if (row == null || !row.tenant().equals(tenant) || !row.row().webhookId().equals(webhookId)
        || !"dead".equals(row.row().status())) {
      return false;
    }
    Delivery d = row.row();
    tables.deliveries.put(deliveryId, new Tables.Owned<>(tenant,
        new Delivery(d.id(), d.webhookId(), d.eventId(), "pending", 0, now, now, d.lastError(), now)));
    return true;
  }
}
