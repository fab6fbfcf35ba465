package dev.silo.server;

import java.time.Duration;
import java.util.Map;

/**
 * Events, webhooks and outbound requests.
 *
 * @param allowPrivate {@code SILO_WEBHOOK_ALLOW_PRIVATE}: let webhooks and JWKS fetches reach
 *     loopback, private and link-local addresses (off: SSRF protection)
 * @param retryInitial {@code SILO_WEBHOOK_RETRY_INITIAL}: the first retry's delay, doubled each time
 * @param retryPeriod {@code SILO_WEBHOOK_RETRY_PERIOD}: how long a delivery is retried before it is dead-lettered
 * @param timeout {@code SILO_WEBHOOK_TIMEOUT}: one delivery attempt's limit
 * @param poll {@code SILO_EVENTS_POLL_INTERVAL}: how often the dispatcher and event streams look for new events
 * @param perEndpoint {@code SILO_WEBHOOK_CONCURRENCY}: deliveries in flight per endpoint
 */
public record EventSettings(
    boolean allowPrivate, Duration retryInitial, Duration retryPeriod, Duration timeout, Duration poll, int perEndpoint) {

  static EventSettings from(Map<String, String> s) {
    int perEndpoint;
    try {
      perEndpoint = Integer.parseInt(s.getOrDefault("SILO_WEBHOOK_CONCURRENCY", "4").trim());
    } catch (NumberFormatException e) {
      perEndpoint = -1;
    }
    if (perEndpoint < 1 || perEndpoint > 100) {
      throw new IllegalArgumentException("SILO_WEBHOOK_CONCURRENCY must be between 1 and 100");
    }
    return new EventSettings(
        Boolean.parseBoolean(s.getOrDefault("SILO_WEBHOOK_ALLOW_PRIVATE", "false").trim()),
        duration(s, "SILO_WEBHOOK_RETRY_INITIAL", "5s"),
        duration(s, "SILO_WEBHOOK_RETRY_PERIOD", "24h"),
        duration(s, "SILO_WEBHOOK_TIMEOUT", "10s"),
        duration(s, "SILO_EVENTS_POLL_INTERVAL", "250ms"),
        perEndpoint);
  }

  /** Like {@link Durations}, plus milliseconds ({@code 200ms}) for the short intervals tests use. */
  private static Duration duration(Map<String, String> s, String name, String fallback) {
    String v = s.getOrDefault(name, fallback).trim();
    Duration d;
    if (v.matches("\\d+ms")) {
      d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
    } else {
      d = Durations.parse(name, v);
    }
    if (d.isZero()) {
      throw new IllegalArgumentException(name + " must be more than zero");
    }
    return d;
  }
}
