package dev.silo.core.events;

import java.time.Instant;

/** One event's delivery to one webhook: {@code pending}, {@code delivered} or {@code dead}. */
public record Delivery(
    long id,
    String webhookId,
    String eventId,
    String status,
    int attempts,
    Instant firstAt,
    Instant nextAttemptAt,
    String lastError,
    Instant updatedAt) {}
