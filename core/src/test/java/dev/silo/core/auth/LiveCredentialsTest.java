package dev.silo.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LiveCredentialsTest {
  /** The time the test moves by hand. */
  private Instant now = Instant.parse("2026-11-23T10:00:00Z");
  private final LiveCredentials live = new LiveCredentials(() -> now);
  private final AtomicInteger reads = new AtomicInteger();

  /** A store lookup that counts its calls and finds {@code found}. */
  private Supplier<Optional<String>> read(String found) {
    return () -> {
      reads.incrementAndGet();
      return Optional.ofNullable(found);
    };
  }

  @Test
  void nothingIsKeptUntilTheStoreHears() {
    live.find("key:a", read("tenant-a"));
    live.find("key:a", read("tenant-a"));
    assertThat(reads).as("a store that does not hear: read every time").hasValue(2);

    live.hearing(true);
    assertThat(live.find("key:a", read("tenant-a"))).contains("tenant-a");
    assertThat(live.find("key:a", read("changed behind our back"))).as("kept").contains("tenant-a");
    assertThat(reads).hasValue(3);
  }

  @Test
  void aChangeForgetsEverythingKept() {
    live.hearing(true);
    live.find("key:a", read("tenant-a"));
    live.find("s3:b", read("tenant-b"));
    live.changed();
    assertThat(live.find("key:a", read(null))).as("revoked: the store finds it no more").isEmpty();
    assertThat(live.find("s3:b", read("tenant-b"))).contains("tenant-b");
    assertThat(reads).hasValue(4);
  }

  @Test
  void aStoreThatStopsHearingForgetsAndReadsEveryTime() {
    live.hearing(true);
    live.find("key:a", read("tenant-a"));
    live.hearing(false);
    assertThat(live.size()).isZero();
    live.find("key:a", read("tenant-a"));
    live.find("key:a", read("tenant-a"));
    assertThat(reads).hasValue(3);
  }

  @Test
  void unknownCredentialsAreNeverKept() {
    live.hearing(true);
    for (int i = 0; i < 100; i++) {
      assertThat(live.find("key:guess" + i, read(null))).isEmpty();
    }
    assertThat(live.find("key:guess0", read(null))).isEmpty();
    assertThat(reads).hasValue(101);
    assertThat(live.size()).isZero();
  }

  @Test
  void aReadThatAChangeOvertakesIsNotKept() {
    live.hearing(true);
    // the revocation commits (and is heard) while the lookup is still reading the old row
    live.find("key:a", () -> {
      reads.incrementAndGet();
      live.changed();
      return Optional.of("tenant-a, read before the revocation");
    });
    assertThat(live.find("key:a", read(null))).as("the revoked key is read again").isEmpty();
    assertThat(reads).hasValue(2);
  }

  @Test
  void aReadStartedBeforeTheStoreHeardIsNotKept() {
    List<Runnable> midRead = new ArrayList<>(List.of(() -> live.hearing(true)));
    live.find("key:a", () -> {
      reads.incrementAndGet();
      midRead.forEach(Runnable::run);
      return Optional.of("tenant-a");
    });
    live.find("key:a", read("tenant-a"));
    assertThat(reads).hasValue(2);
  }

  @Test
  void anEntryIsKeptForTheTtlAtMost() {
    live.hearing(true);
    live.find("key:a", read("tenant-a"));
    now = now.plus(LiveCredentials.TTL).minusMillis(1);
    live.find("key:a", read("tenant-a"));
    assertThat(reads).hasValue(1);
    now = now.plusMillis(1);
    live.find("key:a", read("tenant-a"));
    assertThat(reads).as("expired: read again").hasValue(2);
  }

  @Test
  void aFullCacheStartsOver() {
    live.hearing(true);
    for (int i = 0; i < LiveCredentials.MAX_ENTRIES; i++) {
      live.find("key:" + i, read("t"));
    }
    assertThat(live.size()).isEqualTo(LiveCredentials.MAX_ENTRIES);
    live.find("key:one-more", read("t"));
    assertThat(live.size()).isEqualTo(1);
  }
}
