package dev.silo.core.audit;

import java.time.Instant;

/**
 * A change event written to the outbox with the change it describes. {@code payload} is the JSON
 * body delivered to webhooks and event streams; {@code bucket} and {@code key} name the object of an
 * object event (null for any other), which webhooks' filters match.
 */
public record Event(String id, String tenant, String type, Instant time, String payload, String bucket, String key) {
  /** An event of no object. */
  public Event(String id, String tenant, String type, Instant time, String payload) {
    this(id, tenant, type, time, payload, null, null);
  }
}
