package dev.silo.core.events;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A hint, within one node, that the outbox may have new events (a write just committed here), so
 * that event streams and the webhook dispatcher look at once instead of at their next poll.
 * Only a hint: writes on other nodes, or through paths that do not signal, are still found by
 * polling.
 */
public final class OutboxSignal {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long generation;

  public long generation() {
    lock.lock();
    try {
      return generation;
    } finally {
      lock.unlock();
    }
  }

  public void changed() {
    lock.lock();
    try {
      generation++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until a change after generation {@code seen}, or at most {@code timeout}. */
  public void awaitChange(long seen, Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (generation == seen && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }
}
