package dev.silo.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Latency of the blob store ({@code silo_store_operation_seconds}) and of metadata units of work
 * ({@code silo_db_operation_seconds}), tagged by operation name only, never by key, blob or
 * tenant, so the series stay few. Made before the stores it times and bound to the registry once
 * the metrics exist; recordings before that are dropped.
 */
final class StoreTimers implements MeterBinder {
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
    Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
    Duration.ofMillis(2500), Duration.ofSeconds(10)
  };

  private volatile MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = registry;
  }

  void store(String operation, long startNanos) {
    record("silo.store.operation", "blob store operations by operation (write, read, size, delete…)", operation, startNanos);
  }

  void db(String operation, long startNanos) {
    record("silo.db.operation", "metadata units of work (transactions) by kind", operation, startNanos);
  }

  private void record(String name, String description, String operation, long startNanos) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    long elapsed = System.nanoTime() - startNanos;
    timers
        .computeIfAbsent(
            name + "|" + operation,
            k -> Timer.builder(name).description(description).tags("operation", operation)
                .serviceLevelObjectives(BUCKETS).register(r))
        .record(elapsed, TimeUnit.NANOSECONDS);
  }
}
