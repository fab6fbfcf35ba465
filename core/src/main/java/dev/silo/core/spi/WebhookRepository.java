package dev.silo.core.spi;

import dev.silo.core.events.Delivery;
import dev.silo.core.events.Webhook;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The bound tenant's webhook endpoints and their deliveries. */
public interface WebhookRepository {
  void insert(Webhook webhook);

  List<Webhook> list();

  Optional<Webhook> find(String id);

  /** Deletes the endpoint and its deliveries; false if there was none. */
  boolean delete(String id);

  /** Deliveries of one endpoint with the given status (null: any), newest first, below {@code beforeId}. */
  List<Delivery> deliveries(String webhookId, String status, long beforeId, int limit);

  /** Makes a dead delivery pending again, due now, with a fresh retry period; false if none. */
  boolean redrive(String webhookId, long deliveryId, Instant now);
}
