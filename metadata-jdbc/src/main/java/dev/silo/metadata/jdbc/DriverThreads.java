package dev.silo.metadata.jdbc;

import dev.silo.core.error.UnavailableException;
import dev.silo.core.support.Unchecked;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * PostgreSQL's transactions, run on platform threads of their own, one per pooled connection.
 *
 * <p>A request runs on a virtual thread, and the driver waits for each statement's reply with a
 * blocking socket read. On a virtual thread every such read parks it, registers the socket with
 * the JDK's poller, and resumes it on a carrier when the reply comes; on a platform thread the same
 * read is one system call that sleeps. A write's transaction takes several round trips and its
 * commit, so its virtual thread now parks once instead of at each. Reads stay on the caller's
 * thread: most are one statement, and a hand-off would add a park rather than save one.
 *
 * <p>A unit of work waits for a thread as it would for a connection, up to the pool's timeout;
 * once it has started it runs to its end and its caller waits for the outcome, interrupted or
 * not, so that a commit is never reported as a failure.
 */
final class DriverThreads implements AutoCloseable {
  private final ExecutorService threads;
  private final long startTimeoutMillis;

  DriverThreads(int size, long startTimeoutMillis) {
    this.threads = Executors.newFixedThreadPool(size, Thread.ofPlatform().name("silo-metadata-", 0).daemon(true).factory());
    this.startTimeoutMillis = startTimeoutMillis;
  }

  /** Runs {@code work} on one of the threads, or on the caller's own when it is a platform thread. */
  <T> T run(Supplier<T> work) {
    if (!Thread.currentThread().isVirtual()) {
      return work.get(); // already where a blocking read is cheap: a hand-off would only add one
    }
    Map<String, String> log = MDC.getCopyOfContextMap();
    AtomicBoolean claimed = new AtomicBoolean();
    Callable<T> task =
        () -> {
          if (!claimed.compareAndSet(false, true)) {
            return null; // its caller gave up waiting for a thread
          }
          if (log != null) {
            MDC.setContextMap(log);
          }
          try {
            return work.get();
          } finally {
            MDC.clear();
          }
        };
    Future<T> outcome;
    try {
      outcome = threads.submit(task);
    } catch (RejectedExecutionException e) {
      throw new UnavailableException("the metadata store is closed", e); // shutting down
    }
    return await(outcome, claimed);
  }

  private <T> T await(Future<T> outcome, AtomicBoolean claimed) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(startTimeoutMillis);
    try {
      while (true) {
        try {
          if (claimed.get()) {
            return outcome.get();
          }
          return outcome.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          if (claimed.compareAndSet(false, true)) {
            throw new UnavailableException("the metadata database is busy: no connection came free in time", e);
          }
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw Unchecked.of(e.getCause()); // the work's own, as if it had run on this thread
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Lets the units of work already started or waiting end first, for as long as a caller would wait
   * for a thread; then interrupts what still runs and returns (the threads are daemons), so that a
   * database that stopped answering does not hold up shutdown.
   */
  @Override
  public void close() {
    threads.shutdown();
    try {
      if (!threads.awaitTermination(startTimeoutMillis, TimeUnit.MILLISECONDS)) {
        threads.shutdownNow();
      }
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
