package dev.silo.core.events;

import java.time.Instant;

/** A delivery claimed by this node, with what it takes to send it. */
public record DueDelivery(
    long id, String tenant, String webhookId, String url, String eventId, String payload, int attempts, Instant firstAt) {}
