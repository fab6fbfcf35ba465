package dev.silo.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock a test moves: time in tests is moved, never waited for. It reads {@code now}, an
 * instant the test sets; or, made by {@link #system()}, the system's time plus {@code ahead}, for a
 * server that must also take requests signed with the real time.
 */
public final class MovableClock extends Clock {
  /** The instant the clock reads; null: the system's time plus {@link #ahead}. */
  public volatile Instant now;

  /** How far past the system's time a clock made by {@link #system()} reads. */
  public volatile Duration ahead = Duration.ZERO;

  public MovableClock(Instant start) {
    this.now = start;
  }

  /** The system's time, until the test moves it {@link #ahead}. */
  public static MovableClock system() {
    return new MovableClock(null);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    Instant fixed = now;
    return fixed != null ? fixed : Instant.now().plus(ahead);
  }
}
