package dev.silo.core.events;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A tenant's webhook endpoint. {@code events} empty means every event type; {@code filter} narrows
 * them to one bucket's objects and keys ({@link WebhookFilter#NONE}: every object).
 */
public record Webhook(String id, String url, Set<String> events, boolean active, Instant createdAt, WebhookFilter filter) {
  public Webhook {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    events = Set.copyOf(events);
    filter = filter == null ? WebhookFilter.NONE : filter;
  }

  /** An endpoint for every object. */
  public Webhook(String id, String url, Set<String> events, boolean active, Instant createdAt) {
    this(id, url, events, active, createdAt, WebhookFilter.NONE);
  }
}
