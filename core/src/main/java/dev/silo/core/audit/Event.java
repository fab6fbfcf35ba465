package dev.silo.core.audit;

import java.time.Instant;

/**
 * A change event written to the outbox with the change it describes. {@code payload} is the JSON
 * body delivered to webhooks and event streams.
 */
public record Event(String id, String tenant, String type, Instant time, String payload) {}
