package dev.silo.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.error.NotFoundException;
import dev.silo.core.error.UnavailableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class DriverThreadsTest {
  private static final long LONG = TimeUnit.MINUTES.toMillis(1);

  /** Runs {@code call} on a virtual thread, as a request would, and returns what it returned. */
  private static <T> T fromVirtualThread(Supplier<T> call) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        result.complete(call.get());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }).join();
    return result.get();
  }

  @Test
  void aVirtualThreadsWorkRunsOnAPlatformThreadWithTheCallersLogContext() throws Exception {
    try (DriverThreads threads = new DriverThreads(2, LONG)) {
      String seen =
          fromVirtualThread(
              () -> {
                MDC.put("request_id", "req_1");
                try {
                  return threads.run(() -> Thread.currentThread().isVirtual() + " " + Thread.currentThread().getName()
                      + " " + MDC.get("request_id"));
                } finally {
                  MDC.clear();
                }
              });
      assertThat(seen).startsWith("false silo-metadata-").endsWith(" req_1");
    }
  }

  @Test
  void aPlatformThreadsWorkRunsWhereItIs() {
    try (DriverThreads threads = new DriverThreads(1, LONG)) {
      assertThat(threads.run(Thread::currentThread)).isSameAs(Thread.currentThread());
    }
  }

  @Test
  void theWorksOwnExceptionReachesTheCallerUnchanged() {
    NotFoundException thrown = new NotFoundException("object_not_found", "no such object");
    try (DriverThreads threads = new DriverThreads(1, LONG)) {
      assertThatThrownBy(() -> fromVirtualThread(() -> threads.run(() -> {
            throw thrown;
          })))
          .hasCauseReference(thrown); // the CompletableFuture's wrapper around exactly it
    }
  }

  @Test
  void aCallerThatFindsNoThreadFreeInTimeGivesUpAndItsWorkNeverRuns() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger abandonedRan = new AtomicInteger();
    try (DriverThreads threads = new DriverThreads(1, 1_000)) {
      CountDownLatch busy = new CountDownLatch(1);
      Thread holder = Thread.ofVirtual().start(() -> threads.run(() -> {
        busy.countDown();
        await(release);
        return null;
      }));
      busy.await();
      assertThatThrownBy(() -> fromVirtualThread(() -> threads.run(abandonedRan::incrementAndGet)))
          .hasCauseInstanceOf(UnavailableException.class)
          .cause()
          .hasMessage("the metadata database is busy: no connection came free in time");
      release.countDown();
      holder.join();
      assertThat(threads.run(() -> "after")).isEqualTo("after"); // from this platform thread, inline
    }
    // closed, the pool has drained its queue: the task its caller gave up on was skipped, not run late
    assertThat(abandonedRan).hasValue(0);
  }

  @Test
  void anInterruptedCallerStillGetsTheOutcomeOfWorkThatStarted() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<String> result = new AtomicReference<>();
    AtomicReference<Boolean> interruptKept = new AtomicReference<>();
    try (DriverThreads threads = new DriverThreads(1, LONG)) {
      Thread caller = Thread.ofVirtual().start(() -> {
        result.set(threads.run(() -> {
          started.countDown();
          await(release);
          return "committed";
        }));
        interruptKept.set(Thread.currentThread().isInterrupted());
      });
      started.await();
      caller.interrupt();
      release.countDown();
      caller.join();
    }
    assertThat(result).hasValue("committed");
    assertThat(interruptKept).hasValue(true);
  }

  @Test
  void workAfterCloseIsUnavailable() {
    DriverThreads threads = new DriverThreads(1, LONG);
    threads.close();
    assertThatThrownBy(() -> fromVirtualThread(() -> threads.run(() -> "late")))
        .cause()
        .isInstanceOf(UnavailableException.class)
        .hasMessage("the metadata store is closed");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
