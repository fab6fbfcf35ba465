package dev.silo.testkit.memory;

import dev.silo.core.events.Delivery;
import dev.silo.core.events.DueDelivery;
import dev.silo.core.spi.WebhookQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Every tenant's deliveries; a claim leases them by pushing their next attempt to the lease's end. */
record MemoryWebhookQueue(Tables tables) implements WebhookQueue {
  private record Ranked(int rank, Delivery delivery, String tenant) {}

  @Override
  public List<DueDelivery> claim(Instant now, Instant leaseUntil, int perWebhook, Set<String> exclude, int limit) {
    // each endpoint's oldest perWebhook, first slots of every endpoint before second slots
    Map<String, Integer> taken = new HashMap<>();
    List<Ranked> candidates = new ArrayList<>();
    tables.deliveries.values().stream()
        .filter(d -> due(d.row(), now) && !exclude.contains(d.row().webhookId()))
        .sorted(Comparator.comparing((Tables.Owned<Delivery> d) -> d.row().nextAttemptAt()).thenComparing(d -> d.row().id()))
        .forEach(d -> {
          int rank = taken.merge(d.row().webhookId(), 1, Integer::sum);
          if (rank <= perWebhook) {
            candidates.add(new Ranked(rank, d.row(), d.tenant()));
          }
        });
    return candidates.stream()
        .sorted(Comparator.comparingInt(Ranked::rank).thenComparingLong(r -> r.delivery().id()))
        .limit(limit)
        .map(r -> lease(r, leaseUntil))
        .toList();
  }

  private DueDelivery lease(Ranked r, Instant leaseUntil) {
    Delivery d = r.delivery();
    update(d.id(), x -> new Delivery(x.id(), x.webhookId(), x.eventId(), x.status(), x.attempts(), x.firstAt(),
        leaseUntil, x.lastError(), x.updatedAt()));
    String url = tables.webhooks.get(d.webhookId()).row().url();
    String payload = tables.outbox.values().stream()
        .filter(o -> o.id().equals(d.eventId())).findFirst().orElseThrow().payload();
    return new DueDelivery(d.id(), r.tenant(), d.webhookId(), url, d.eventId(), payload, d.attempts(), d.firstAt());
  }

  @Override
  public void delivered(DueDelivery delivery, Instant now) {
    update(delivery.id(), d -> new Delivery(d.id(), d.webhookId(), d.eventId(), "delivered", d.attempts() + 1, d.firstAt(),
        d.nextAttemptAt(), null, now));
  }

  @Override
  public void retry(DueDelivery delivery, int attempts, Instant nextAt, String error, Instant now) {
    updatePending(delivery.id(), d -> new Delivery(d.id(), d.webhookId(), d.eventId(), d.status(), attempts, d.firstAt(), nextAt,
        error, now));
  }

  @Override
  public void dead(DueDelivery delivery, int attempts, String error, Instant now) {
    updatePending(delivery.id(), d -> new Delivery(d.id(), d.webhookId(), d.eventId(), "dead", attempts, d.firstAt(),
        d.nextAttemptAt(), error, now));
  }

  @Override
  public boolean anyDue(Instant now) {
    return tables.deliveries.values().stream().anyMatch(d -> due(d.row(), now));
  }

  @Override
  public long count(String status) {
    return tables.deliveries.values().stream().filter(d -> d.row().status().equals(status)).count();
  }

  @Override
  public Duration oldestDueAge(Instant now) {
    return tables.deliveries.values().stream()
        .filter(d -> due(d.row(), now))
        .map(d -> d.row().firstAt())
        .min(Comparator.naturalOrder())
        .map(first -> first.isAfter(now) ? Duration.ZERO : Duration.between(first, now))
        .orElse(Duration.ZERO);
  }

  private static boolean due(Delivery d, Instant now) {
    return d.status().equals("pending") && !d.nextAttemptAt().isAfter(now);
  }

  private void updatePending(long id, UnaryOperator<Delivery> change) {
    Tables.Owned<Delivery> row = tables.deliveries.get(id);
    if (row != null && row.row().status().equals("pending")) {
      update(id, change);
    }
  }

  private void update(long id, UnaryOperator<Delivery> change) {
    tables.deliveries.computeIfPresent(id, (k, row) -> new Tables.Owned<>(row.tenant(), change.apply(row.row())));
  }
}
