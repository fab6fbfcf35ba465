package dev.silo.core.events;

import dev.silo.core.spi.MetadataStore;
import dev.silo.core.support.OutboundGuard;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * Delivers queued webhook deliveries: claims due ones (a lease, so one node sends each), sends
 * each on its own virtual thread with a timeout, and records the outcome. A failure is retried
 * with exponential backoff and jitter until {@code retryPeriod} after the event, then
 * dead-lettered. Requests never wait for this: deliveries were queued in their transaction and
 * are sent from here. An endpoint may have at most {@code perEndpoint} deliveries in flight, so a
 * receiver that hangs ties up its own deliveries only, never another tenant's.
 */
public final class WebhookDispatcher implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WebhookDispatcher.class.getName());
  private static final Duration MAX_BACKOFF = Duration.ofHours(1);

  /** How deliveries are paced. */
  public record Settings(Duration retryInitial, Duration retryPeriod, Duration timeout, Duration pollInterval, int perEndpoint) {}

  private final MetadataStore metadata;
  private final WebhookSecrets secrets;
  private final OutboundGuard guard;
  private final Settings settings;
  private final Clock clock;
  private final RandomGenerator random;
  private final HttpClient http;
  private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private volatile Thread loop;
  /** Released when a delivery finishes: its endpoint has room again, so claim at once. */
  private final java.util.concurrent.Semaphore wake = new java.util.concurrent.Semaphore(0);

  public WebhookDispatcher(
      MetadataStore metadata, WebhookSecrets secrets, OutboundGuard guard, Settings settings, Clock clock, RandomGenerator random) {
    this.metadata = metadata;
    this.secrets = secrets;
    this.guard = guard;
    this.settings = settings;
    this.clock = clock;
    this.random = random;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(senders)
            .build();
  }

  /** A write committed here: claim at once rather than at the next poll. */
  public void nudge() {
    wake.release();
  }

  public void start() {
    loop = Thread.ofVirtual().name("silo-webhooks").start(this::run);
  }

  private void run() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        int claimed = dispatchDue();
        if (claimed == 0) {
          wake.tryAcquire(settings.pollInterval().toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
          wake.drainPermits();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "webhook dispatch failed: {0}", e.toString());
        try {
          Thread.sleep(settings.pollInterval().multipliedBy(4));
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /** Claims the due deliveries and starts sending them; returns how many it claimed. */
  int dispatchDue() {
    Instant now = now();
    // Woken after every write, and most find nothing: a reader answers that without the writer.
    if (!metadata.readGlobal(tx -> tx.webhookQueue().anyDue(now))) {
      return 0;
    }
    // longer than one attempt may take, so that no other node sends it meanwhile
    Instant leaseUntil = now.plus(settings.timeout()).plusSeconds(10);
    Set<String> busy = new HashSet<>();
    inFlight.forEach((hook, n) -> {
      if (n.get() >= settings.perEndpoint()) {
        busy.add(hook);
      }
    });
    List<DueDelivery> due =
        metadata.global(tx -> tx.webhookQueue().claim(now, leaseUntil, settings.perEndpoint(), busy, 200));
    for (DueDelivery d : due) {
      AtomicInteger n = inFlight.computeIfAbsent(d.webhookId(), k -> new AtomicInteger());
      if (n.incrementAndGet() > settings.perEndpoint()) {
        n.decrementAndGet();
        // this endpoint filled up since the claim: hand it back for the next round, no attempt counted
        record(q -> q.retry(d, d.attempts(), now.plus(settings.pollInterval()), "deferred: endpoint busy", now));
        continue;
      }
      senders.submit(
          () -> {
            try {
              deliver(d);
            } finally {
              n.decrementAndGet();
              wake.release();
            }
          });
    }
    return due.size();
  }

  private void deliver(DueDelivery d) {
    String error;
    try {
      URI uri = guard.check(d.url());
      long timestamp = clock.instant().getEpochSecond();
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(settings.timeout())
              .header("Content-Type", "application/json")
              .header("User-Agent", "Silo-Webhooks/1")
              .header("webhook-id", d.eventId())
              .header("webhook-timestamp", Long.toString(timestamp))
              .header("webhook-signature", secrets.sign(d.webhookId(), d.eventId(), timestamp, d.payload()))
              .POST(HttpRequest.BodyPublishers.ofString(d.payload()))
              .build();
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 == 2) {
        Instant now = now();
        record(q -> q.delivered(d, now));
        return;
      }
      error = "HTTP " + response.statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // shutting down: the lease runs out and the delivery is taken up again
    } catch (Exception e) {
      if (Thread.currentThread().isInterrupted()) {
        return; // shutting down mid-request: the lease runs out and another attempt follows
      }
      error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    failed(d, error.length() > 500 ? error.substring(0, 500) : error);
  }

  private void failed(DueDelivery d, String error) {
    Instant now = now();
    int attempts = d.attempts() + 1;
    Instant next = now.plus(backoff(attempts));
    if (next.isAfter(d.firstAt().plus(settings.retryPeriod()))) {
      LOG.log(System.Logger.Level.WARNING, "webhook delivery {0} of {1} dead after {2} attempts: {3}", d.id(), d.eventId(), attempts, error);
      record(q -> q.dead(d, attempts, error, now));
    } else {
      record(q -> q.retry(d, attempts, next, error, now));
    }
  }

  /** retryInitial × 2^(attempts−1), at most an hour, times a random factor in [0.5, 1.0). */
  Duration backoff(int attempts) {
    long base = settings.retryInitial().toMillis();
    long exp = base << Math.min(attempts - 1, 30);
    long capped = Math.min(exp <= 0 ? MAX_BACKOFF.toMillis() : exp, MAX_BACKOFF.toMillis());
    return Duration.ofMillis((long) (capped * (0.5 + random.nextDouble() * 0.5)));
  }

  private void record(java.util.function.Consumer<dev.silo.core.spi.WebhookQueue> change) {
    try {
      metadata.global(
          tx -> {
            change.accept(tx.webhookQueue());
            return null;
          });
    } catch (RuntimeException e) {
      // the lease runs out and the delivery is attempted again: at least once, never lost
      LOG.log(System.Logger.Level.WARNING, "cannot record a webhook delivery outcome: {0}", e.toString());
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  @Override
  public void close() {
    Thread t = loop;
    if (t != null) {
      t.interrupt();
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    senders.shutdownNow();
    // not close(): it would wait for requests to receivers that hang
    http.shutdownNow();
  }
}
