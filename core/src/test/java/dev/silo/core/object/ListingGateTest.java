package dev.silo.core.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.error.UnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ListingGateTest {
  /** A listing that holds its permit until {@code release} opens. */
  private static Future<String> held(ExecutorService pool, ListingGate gate, CountDownLatch inside, CountDownLatch release) {
    return pool.submit(() -> gate.pass(() -> {
      inside.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "read";
    }));
  }

  @Test
  void noMoreListingsReadAtOnceThanItsPermits() throws Exception {
    ListingGate gate = new ListingGate(2, Duration.ofMinutes(1));
    AtomicInteger reading = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> all = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        all.add(pool.submit(() -> gate.pass(() -> {
          most.accumulateAndGet(reading.incrementAndGet(), Math::max);
          Thread.yield();
          reading.decrementAndGet();
          return 1;
        })));
      }
      int done = 0;
      for (Future<Integer> f : all) {
        done += f.get(1, TimeUnit.MINUTES);
      }
      assertThat(done).isEqualTo(64);
      assertThat(most.get()).isBetween(1, 2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aListingThatFindsNoPermitWithinItsWaitIsRefusedUnread() throws Exception {
    ListingGate gate = new ListingGate(1, Duration.ZERO);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try {
      Future<String> first = held(pool, gate, inside, release);
      assertThat(inside.await(1, TimeUnit.MINUTES)).isTrue();
      AtomicInteger reads = new AtomicInteger();
      assertThatThrownBy(() -> gate.pass(reads::incrementAndGet))
          .isInstanceOfSatisfying(UnavailableException.class, e -> assertThat(e.code()).isEqualTo("slow_down"));
      assertThat(reads).hasValue(0);
      release.countDown();
      assertThat(first.get(1, TimeUnit.MINUTES)).isEqualTo("read");
      assertThat(gate.pass(reads::incrementAndGet)).as("the permit came back").isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailedReadGivesItsPermitBack() {
    ListingGate gate = new ListingGate(1, Duration.ZERO);
    assertThatThrownBy(() -> gate.pass(() -> {
      throw new IllegalStateException("the store failed");
    })).hasMessage("the store failed");
    assertThat(gate.pass(() -> "again")).isEqualTo("again");
  }

  @Test
  void withoutALimitEveryListingReadsAtOnce() throws Exception {
    ListingGate gate = ListingGate.UNLIMITED;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch inside = new CountDownLatch(4);
    CountDownLatch release = new CountDownLatch(1);
    try {
      List<Future<String>> all = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        all.add(held(pool, gate, inside, release));
      }
      assertThat(inside.await(1, TimeUnit.MINUTES)).as("four inside at once").isTrue();
      release.countDown();
      for (Future<String> f : all) {
        assertThat(f.get(1, TimeUnit.MINUTES)).isEqualTo("read");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBadSettingIsRefused() {
    assertThatThrownBy(() -> new ListingGate(-1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }
}
