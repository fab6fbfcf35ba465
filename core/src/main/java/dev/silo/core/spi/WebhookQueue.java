package dev.silo.core.spi;

import dev.silo.core.events.DueDelivery;
import java.time.Instant;
import java.util.List;

/**
 * Pending deliveries of every tenant, for the dispatcher. {@link #claim} leases what it returns by
 * pushing {@code next_attempt_at} to {@code leaseUntil}, skipping rows another node holds locked
 * (on PostgreSQL), so each delivery is attempted by one node at a time; a node that dies lets its
 * lease run out and another takes over.
 */
public interface WebhookQueue {
  List<DueDelivery> claim(Instant now, Instant leaseUntil, int limit);

  void delivered(long id, Instant now);

  /** Records a failed attempt; the delivery is due again at {@code nextAt}. */
  void retry(long id, int attempts, Instant nextAt, String error, Instant now);

  /** Gives up: the delivery is dead-lettered until someone re-drives it. */
  void dead(long id, int attempts, String error, Instant now);

  /** Counts by status, for metrics: pending and dead. */
  long count(String status);

  /** The age of the oldest pending delivery that is due, zero when none. */
  java.time.Duration oldestDueAge(Instant now);
}
