package dev.silo.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureAuditLimiterTest {
  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    Instant now = Instant.parse("2026-11-23T10:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final HandClock clock = new HandClock();

  @Test
  void eachSourceGetsItsBudgetPerMinuteAndTheRestIsCountedIntoOneSummary() {
    FailureAuditLimiter limiter = new FailureAuditLimiter(3, 100, clock);
    List<Boolean> flood = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      flood.add(limiter.admit("203.0.113.7").record());
    }
    assertThat(flood).containsExactly(true, true, true, false, false, false, false, false, false, false);
    assertThat(limiter.admit("198.51.100.1").record()).as("another source has its own budget").isTrue();

    clock.now = clock.now.plusSeconds(60);
    FailureAuditLimiter.Decision next = limiter.admit("203.0.113.7");
    assertThat(next.record()).as("a new minute, a new budget").isTrue();
    assertThat(next.suppressedBefore()).isEqualTo(7);
    assertThat(limiter.admit("203.0.113.7").suppressedBefore()).as("the summary is written once").isZero();
  }

  @Test
  void allSourcesTogetherShareTheTotal() {
    FailureAuditLimiter limiter = new FailureAuditLimiter(2, 5, clock);
    int recorded = 0;
    for (int i = 0; i < 20; i++) {
      if (limiter.admit("192.0.2." + i).record()) {
        recorded++;
      }
    }
    assertThat(recorded).isEqualTo(5);
    clock.now = clock.now.plusSeconds(61);
    assertThat(limiter.admit("192.0.2.99").suppressedBefore()).isEqualTo(15);
  }

  @Test
  void nonsenseBudgetsAreRefused() {
    assertThatThrownBy(() -> new FailureAuditLimiter(0, 10, clock)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FailureAuditLimiter(10, 5, clock)).isInstanceOf(IllegalArgumentException.class);
  }
}
