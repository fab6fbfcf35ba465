package dev.silo.core.events;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/** A tenant's webhook endpoint. {@code events} empty means every event type. */
public record Webhook(String id, String url, Set<String> events, boolean active, Instant createdAt) {
  public Webhook {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    events = Set.copyOf(events);
  }
}
