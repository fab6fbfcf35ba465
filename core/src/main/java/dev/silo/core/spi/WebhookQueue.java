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
  /**
   * Leases up to {@code limit} due deliveries, at most {@code perWebhook} of any one endpoint (the
   * oldest first, so one endpoint's backlog cannot starve the others), none of the endpoints in
   * {@code exclude} (those this node already has enough of in flight).
   */
  List<DueDelivery> claim(Instant now, Instant leaseUntil, int perWebhook, java.util.Set<String> exclude, int limit);

  /**
   * Whether any delivery is due at {@code now}, leased ones not counted: a read, so that the
   * dispatcher, woken after every write, takes a write transaction only when there is something to
   * claim.
   */
  boolean anyDue(Instant now);

  /** Identified by tenant and id: the deliveries' key (a sharded database finds the row on one shard). */
  void delivered(DueDelivery delivery, Instant now);

  /** Records a failed attempt; the delivery is due again at {@code nextAt}. */
  void retry(DueDelivery delivery, int attempts, Instant nextAt, String error, Instant now);

  /** Gives up: the delivery is dead-lettered until someone re-drives it. */
  void dead(DueDelivery delivery, int attempts, String error, Instant now);

  /** Counts by status, for metrics: pending and dead. */
  long count(String status);

  /** The age of the oldest pending delivery that is due, zero when none. */
  java.time.Duration oldestDueAge(Instant now);
}
