package dev.silo.server;

import java.time.Duration;
import java.util.Map;

/**
 * How many listing pages the node reads at once (the others wait their turn): {@code
 * dev.silo.core.object.ListingGate}.
 *
 * @param concurrency {@code SILO_LISTING_CONCURRENCY}: pages read at once; {@code 0}, the default, for
 *     no limit. Worth setting to the number of processors when Silo shares its machine with its
 *     PostgreSQL (docs/scaling.md); with the database on its own machine, a page spends much of its
 *     time waiting for it, and so few pages at once would leave Silo's processors idle
 * @param maxWait {@code SILO_LISTING_WAIT}: how long a page may wait its turn before it is refused
 *     with 503 {@code slow_down} (default {@code 10s}; {@code 0s} refuses at once when none is free)
 */
public record ListingSettings(int concurrency, Duration maxWait) {
  static ListingSettings from(Map<String, String> s) {
    String v = s.getOrDefault("SILO_LISTING_CONCURRENCY", "").trim();
    int concurrency = 0;
    if (!v.isEmpty()) {
      try {
        concurrency = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        concurrency = -1;
      }
      if (concurrency < 0 || concurrency > 10_000) {
        throw new IllegalArgumentException(
            "SILO_LISTING_CONCURRENCY must be a whole number from 0 (no limit) to 10000, not '" + v + "'");
      }
    }
    return new ListingSettings(concurrency, Durations.parse("SILO_LISTING_WAIT", s.getOrDefault("SILO_LISTING_WAIT", "10s")));
  }
}
