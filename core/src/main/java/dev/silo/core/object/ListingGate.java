package dev.silo.core.object;

import dev.silo.core.error.UnavailableException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How many listing pages a node reads from its metadata store at once: at most {@code permits},
 * the others wait their turn in the order they came (a fair semaphore), each at most {@code
 * maxWait}, then are refused as {@code slow_down} (503; S3's {@code SlowDown}) having read nothing.
 *
 * <p>Why: a page of 1,000 keys is the costliest read Silo makes. A burst of them takes the
 * processors from every other request (other tenants' HEADs went from 0.5 to 10 ms at the median
 * during one), and with more pages in flight than the machine has cores, which page is
 * descheduled next is chance: the slowest took three to ten times the median. Read in turn, the
 * pages leave the other requests their share, which never queue here, and their own slow tail
 * shrinks, for some of the listing throughput (docs/scaling.md, "Listings in turn").
 */
public final class ListingGate {
  /** No limit: every listing reads at once (the in-memory stores' tests, and {@code 0} in the setting). */
  public static final ListingGate UNLIMITED = new ListingGate(0, Duration.ZERO);

  private final Semaphore permits;
  private final long maxWaitNanos;

  /** {@code permits} listings at once, 0 for no limit; a listing waits at most {@code maxWait}. */
  public ListingGate(int permits, Duration maxWait) {
    if (permits < 0 || maxWait.isNegative()) {
      throw new IllegalArgumentException("a listing gate needs permits >= 0 and a wait >= 0");
    }
    this.permits = permits == 0 ? null : new Semaphore(permits, true);
    this.maxWaitNanos = maxWait.toNanos();
  }

  /** Runs {@code read} once a permit is free, or refuses it after the longest wait. */
  public <T> T pass(Supplier<T> read) {
    if (permits == null) {
      return read.get();
    }
    boolean admitted;
    try {
      admitted = permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw refused();
    }
    if (!admitted) {
      throw refused();
    }
    try {
      return read.get();
    } finally {
      permits.release();
    }
  }

  private static UnavailableException refused() {
    return UnavailableException.slowDown("too many listings at once; retry shortly");
  }
}
