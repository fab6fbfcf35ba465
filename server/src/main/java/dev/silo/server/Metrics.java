package dev.silo.server;

import dev.silo.core.spi.MetadataStore;
import dev.silo.http.RequestObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus metrics through Micrometer: HTTP requests by route template, method and status
 * (a latency histogram with fixed buckets), bytes in and out by route, and the webhook outbox
 * (pending and dead deliveries, the age of the oldest due one). Labels are route templates,
 * never raw paths or tenants, so their number stays bounded.
 */
final class Metrics implements RequestObserver, AutoCloseable {
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
    Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
    Duration.ofSeconds(10), Duration.ofSeconds(30)
  };

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  Metrics(MetadataStore metadata, Clock clock) {
    // The JVM binders start JMX, a few hundred milliseconds that need not delay the first request.
    Thread.ofVirtual().name("silo-jvm-metrics").start(() -> {
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
      gc.bindTo(registry);
    });
    Gauge.builder("silo.webhook.deliveries.pending", metadata, m -> queue(m, "pending"))
        .description("webhook deliveries waiting to be sent or retried")
        .register(registry);
    Gauge.builder("silo.webhook.deliveries.dead", metadata, m -> queue(m, "dead"))
        .description("webhook deliveries dead-lettered after their retry period")
        .register(registry);
    Gauge.builder(
            "silo.webhook.outbox.lag",
            metadata,
            m -> safely(() -> m.global(tx -> tx.webhookQueue().oldestDueAge(clock.instant())).toMillis() / 1000.0))
        .baseUnit("seconds")
        .description("age of the oldest webhook delivery that is due and not yet delivered")
        .register(registry);
  }

  /**
   * A request series: its meters are registered once, on its first request (registering through
   * the builders on every request was 1.25 % of a small GET's CPU). As many as the registry holds.
   */
  private record Series(String method, String route, int status) {}

  /** Body bytes one way ({@code received} or {@code sent}) of a route and method. */
  private record Flow(String direction, String method, String route) {}

  private final Map<Series, Timer> requests = new ConcurrentHashMap<>();
  private final Map<Flow, Counter> flows = new ConcurrentHashMap<>();

  @Override
  public void observe(String method, String route, int status, long nanos, long bytesIn, long bytesOut) {
    requests
        .computeIfAbsent(
            new Series(method, route, status),
            s -> Timer.builder("silo.http.requests")
                .description("HTTP requests by route template, method and status")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .serviceLevelObjectives(BUCKETS)
                .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
    if (bytesIn > 0) {
      flow("received", "request body bytes received", method, route).increment(bytesIn);
    }
    if (bytesOut > 0) {
      flow("sent", "response body bytes sent", method, route).increment(bytesOut);
    }
  }

  private Counter flow(String direction, String description, String method, String route) {
    return flows.computeIfAbsent(
        new Flow(direction, method, route),
        f -> Counter.builder("silo.http." + direction).baseUnit("bytes").description(description)
            .tags("method", method, "route", route).register(registry));
  }

  @Override
  public void disconnected(String route) {
    Counter.builder("silo.client.disconnects").description("responses cut short because the client closed the connection")
        .tags("route", route).register(registry).increment();
  }

  /** Rows a sweep removed or fixed, by kind ({@code silo_sweep_removed_total{kind=…}}). */
  void swept(String kind, int n) {
    Counter counter =
        Counter.builder("silo.sweep.removed").description("rows removed or fixed by the sweeper, by kind")
            .tags("kind", kind).register(registry);
    if (n > 0) {
      counter.increment(n);
    }
  }

  /** Registers more meters (store and database latency, per-tenant usage) with this registry. */
  void bind(io.micrometer.core.instrument.binder.MeterBinder binder) {
    binder.bindTo(registry);
  }

  /** The Prometheus text exposition. */
  String scrape() {
    return registry.scrape();
  }

  private static double queue(MetadataStore m, String status) {
    return safely(() -> (double) m.global(tx -> tx.webhookQueue().count(status)));
  }

  private static double safely(java.util.function.DoubleSupplier s) {
    try {
      return s.getAsDouble();
    } catch (RuntimeException e) {
      return Double.NaN; // the database is down: /readyz says so; a scrape must still answer
    }
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
