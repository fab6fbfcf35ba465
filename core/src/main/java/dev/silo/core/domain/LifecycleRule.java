package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * One rule of a bucket's {@link Lifecycle}: what the sweeper removes among the keys under {@code
 * prefix} ({@code ""}: every key), as S3's lifecycle rules do (their Expiration,
 * NoncurrentVersionExpiration and AbortIncompleteMultipartUpload actions, filtered by prefix).
 *
 * <ul>
 *   <li>{@code expirationDays} / {@code expirationDate}: the current version of a key modified that
 *       many days ago, or every current version once the date has come, is deleted as a DELETE
 *       would (in a versioned bucket it becomes noncurrent under a delete marker);
 *   <li>{@code expiredObjectDeleteMarker}: a delete marker that is all that is left of its key is
 *       removed (so are they under a rule that expires objects or noncurrent versions);
 *   <li>{@code noncurrentDays}: a version noncurrent for that many days is deleted for good;
 *   <li>{@code abortIncompleteDays}: a multipart upload started that many days ago is aborted.
 * </ul>
 *
 * <p>Days count as S3 counts them: an object modified at 10:30 on the 1st with one day expires at
 * midnight UTC starting the 3rd (the day after the sum, rounded up to a midnight), never earlier.
 */
public record LifecycleRule(
    String id,
    boolean enabled,
    String prefix,
    Integer expirationDays,
    LocalDate expirationDate,
    boolean expiredObjectDeleteMarker,
    Integer noncurrentDays,
    Integer abortIncompleteDays) {
  /** The most days any action may name (100 years). */
  public static final int MAX_DAYS = 36_500;

  /** The longest rule id, as S3. */
  public static final int MAX_ID = 255;

  public LifecycleRule {
    prefix = prefix == null ? "" : prefix;
    if (id == null || id.isBlank() || id.length() > MAX_ID) {
      throw invalid("a rule's id must be 1 to " + MAX_ID + " characters");
    }
    if (prefix.length() > ObjectKey.MAX_BYTES) {
      throw invalid("rule " + id + ": the prefix is longer than any key");
    }
    days(id, "expiration days", expirationDays);
    days(id, "noncurrent days", noncurrentDays);
    days(id, "days after initiation", abortIncompleteDays);
    if (expirationDays != null && expirationDate != null) {
      throw invalid("rule " + id + ": an expiration takes days or a date, not both");
    }
    if (expiredObjectDeleteMarker && (expirationDays != null || expirationDate != null)) {
      throw invalid("rule " + id + ": expired object delete markers cannot be set with expiration days or a date (those remove them anyway)");
    }
    if (expirationDays == null && expirationDate == null && !expiredObjectDeleteMarker
        && noncurrentDays == null && abortIncompleteDays == null) {
      throw invalid("rule " + id + " has no action: give it an expiration, noncurrent days or days after initiation");
    }
  }

  /** A rule removing versions noncurrent for {@code days}, of every key. */
  public static LifecycleRule noncurrent(String id, int days) {
    return new LifecycleRule(id, true, "", null, null, false, days, null);
  }

  /** Whether the rule applies to {@code key}. */
  public boolean covers(String key) {
    return key.startsWith(prefix);
  }

  /**
   * Current versions last modified before the instant returned are expired at {@code now}; empty
   * when the rule expires none (no expiration, or a date still to come).
   */
  public Optional<Instant> expiresModifiedBefore(Instant now) {
    if (expirationDays != null) {
      return Optional.of(cutoff(now, expirationDays));
    }
    if (expirationDate != null && !now.isBefore(expirationDate.atStartOfDay(ZoneOffset.UTC).toInstant())) {
      return Optional.of(now); // everything there is; an object written since waits for the next pass
    }
    return Optional.empty();
  }

  /** Whether delete markers left alone under the prefix are removed. */
  public boolean removesOrphanMarkers() {
    return expiredObjectDeleteMarker || expirationDays != null || expirationDate != null || noncurrentDays != null;
  }

  /**
   * S3's count of days: a thing dated {@code t} is {@code days} old at the midnight UTC that
   * follows {@code t + days}, so it qualifies at {@code now} when it is dated before the start of
   * today minus {@code days}.
   */
  public static Instant cutoff(Instant now, int days) {
    return now.truncatedTo(ChronoUnit.DAYS).minus(days, ChronoUnit.DAYS);
  }

  private static void days(String id, String what, Integer days) {
    if (days != null && (days < 1 || days > MAX_DAYS)) {
      throw invalid("rule " + id + ": " + what + " must be a whole number from 1 to " + MAX_DAYS);
    }
  }

  static InvalidInputException invalid(String message) {
    return new InvalidInputException("invalid_lifecycle", message);
  }
}
