package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * One rule of a bucket's {@link Lifecycle}: what the sweeper removes among the keys under {@code
 * prefix} ({@code ""}: every key) whose objects carry every one of {@code tags} and whose size is
 * above {@code sizeGreaterThan} and below {@code sizeLessThan} (null: no bound), as S3's
 * lifecycle rules do (their Expiration, NoncurrentVersionExpiration and
 * AbortIncompleteMultipartUpload actions, and their filter).
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
    Integer abortIncompleteDays,
    ObjectTags tags,
    Long sizeGreaterThan,
    Long sizeLessThan) {
  /** The most days any action may name (100 years). */
  public static final int MAX_DAYS = 36_500;

  /** The longest rule id, as S3. */
  public static final int MAX_ID = 255;

  /** A rule that filters by prefix alone. */
  public LifecycleRule(
      String id, boolean enabled, String prefix, Integer expirationDays, LocalDate expirationDate,
      boolean expiredObjectDeleteMarker, Integer noncurrentDays, Integer abortIncompleteDays) {
    this(id, enabled, prefix, expirationDays, expirationDate, expiredObjectDeleteMarker, noncurrentDays, abortIncompleteDays,
        ObjectTags.NONE, null, null);
  }

  public LifecycleRule {
    prefix = prefix == null ? "" : prefix;
    tags = tags == null ? ObjectTags.NONE : tags;
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
    if (sizeGreaterThan != null && sizeGreaterThan < 0 || sizeLessThan != null && sizeLessThan < 1) {
      throw invalid("rule " + id + ": object sizes are compared with a size of at least 0 (greater than) or 1 (less than)");
    }
    if (sizeGreaterThan != null && sizeLessThan != null && sizeGreaterThan >= sizeLessThan) {
      throw invalid("rule " + id + ": the size it must be greater than must be less than the size it must be less than");
    }
    if ((!tags.isEmpty() || sizeGreaterThan != null || sizeLessThan != null) && (abortIncompleteDays != null || expiredObjectDeleteMarker)) {
      throw invalid("rule " + id + ": a rule filtered by tags or size cannot abort uploads or remove delete markers,"
          + " which have neither");
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

  /** Whether the rule applies to this object or version: its key, tags and size. */
  public boolean covers(ObjectInfo o) {
    return o.key().value().startsWith(prefix)
        && o.tags().tags().entrySet().containsAll(tags.tags().entrySet())
        && (sizeGreaterThan == null || o.size() > sizeGreaterThan)
        && (sizeLessThan == null || o.size() < sizeLessThan);
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

  /**
   * Whether delete markers left alone under the prefix are removed: by a rule that expires
   * anything, unless it filters by tags or size, which a marker has not.
   */
  public boolean removesOrphanMarkers() {
    return !filtersBeyondPrefix() && (expiredObjectDeleteMarker || expirationDays != null || expirationDate != null || noncurrentDays != null);
  }

  /** Whether the rule filters by tags or size, which delete markers and uploads do not have. */
  public boolean filtersBeyondPrefix() {
    return !tags.isEmpty() || sizeGreaterThan != null || sizeLessThan != null;
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
