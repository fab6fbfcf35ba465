package dev.silo.core.domain;

import dev.silo.core.error.ForbiddenException;
import dev.silo.core.error.InvalidInputException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * S3 Object Lock on one version of an object: a retention ({@code mode} and {@code retainUntil},
 * both or neither) and a legal hold. While either holds, the version cannot be deleted for good
 * (a delete without a version id still puts a delete marker over it, as on S3): a {@link
 * Mode#COMPLIANCE} retention by no one until it ends, a {@link Mode#GOVERNANCE} one only by a
 * request that asks to bypass it with the right to, a legal hold until it is taken off.
 */
public record ObjectLock(Mode mode, Instant retainUntil, boolean legalHold) {
  public static final ObjectLock NONE = new ObjectLock(null, null, false);

  /** How strictly a retention holds. */
  public enum Mode {
    GOVERNANCE,
    COMPLIANCE;

    /** The mode of this name, as S3's headers and documents give it; 400 for another. */
    public static Mode named(String name) {
      return WireNames.find(Mode.class, name)
          .orElseThrow(() -> new InvalidInputException("invalid_object_lock", "the retention mode is GOVERNANCE or COMPLIANCE"));
    }
  }

  public ObjectLock {
    if ((mode == null) != (retainUntil == null)) {
      throw new InvalidInputException("invalid_object_lock", "a retention has both a mode and a retain-until date");
    }
  }

  /** A retention and a legal hold as a request gives them: {@code mode} and {@code until} both or neither (ISO-8601). */
  public static ObjectLock of(String mode, String until, boolean legalHold) {
    if ((mode == null) != (until == null)) {
      throw new InvalidInputException("invalid_object_lock", "a retention needs both its mode and its retain-until date");
    }
    return new ObjectLock(mode == null ? null : Mode.named(mode), until == null ? null : instant(until), legalHold);
  }

  private static Instant instant(String s) {
    try {
      return Instant.parse(s.strip());
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(s.strip()).toInstant();
      } catch (DateTimeParseException again) {
        throw new InvalidInputException("invalid_object_lock", "the retain-until date must be an ISO-8601 date and time");
      }
    }
  }

  public boolean isNone() {
    return mode == null && !legalHold;
  }

  /** Whether the retention still holds at {@code now}. */
  public boolean retained(Instant now) {
    return retainUntil != null && retainUntil.isAfter(now);
  }

  /** Whether the version may not be deleted for good now; a GOVERNANCE retention yields to {@code bypassGovernance}. */
  public boolean protects(Instant now, boolean bypassGovernance) {
    return legalHold || (retained(now) && (mode == Mode.COMPLIANCE || !bypassGovernance));
  }

  /** 403 when the version may not be deleted for good now. */
  public void requireDeletable(Instant now, boolean bypassGovernance) {
    if (legalHold) {
      throw new ForbiddenException("object_locked", "the version is under a legal hold and cannot be deleted");
    }
    if (protects(now, bypassGovernance)) {
      throw new ForbiddenException("object_locked", "the version is under " + mode + " retention until " + retainUntil
          + " and cannot be deleted");
    }
  }

  /**
   * This lock with its retention replaced by {@code next}'s, if S3 allows the change at {@code
   * now}: a retention that holds may be lengthened, and a GOVERNANCE one made COMPLIANCE; shortened,
   * removed or made GOVERNANCE only from GOVERNANCE, and only with {@code bypassGovernance}.
   */
  public ObjectLock withRetention(Mode nextMode, Instant nextUntil, Instant now, boolean bypassGovernance) {
    if ((nextMode == null) != (nextUntil == null)) {
      throw new InvalidInputException("invalid_object_lock", "a retention has both a mode and a retain-until date");
    }
    if (nextUntil != null && !nextUntil.isAfter(now)) {
      throw new InvalidInputException("invalid_object_lock", "the retain-until date must be in the future");
    }
    if (retained(now)
        && (nextMode == null || nextUntil.isBefore(retainUntil) || (mode == Mode.COMPLIANCE && nextMode == Mode.GOVERNANCE))) {
      if (mode == Mode.COMPLIANCE) {
        throw new ForbiddenException("object_locked", "a COMPLIANCE retention can be lengthened only, until " + retainUntil);
      }
      if (!bypassGovernance) {
        throw new ForbiddenException("object_locked", "shortening or removing a GOVERNANCE retention needs x-amz-bypass-governance-retention");
      }
    }
    return new ObjectLock(nextMode, nextUntil, legalHold);
  }

  public ObjectLock withLegalHold(boolean on) {
    return new ObjectLock(mode, retainUntil, on);
  }

  /** The stored form, {@code COMPLIANCE 2027-01-01T00:00:00Z hold}; null for none. */
  public String encode() {
    if (isNone()) {
      return null;
    }
    return (mode == null ? "-" : mode.name()) + " " + (retainUntil == null ? "-" : retainUntil.toString()) + (legalHold ? " hold" : "");
  }

  public static ObjectLock decode(String stored) {
    if (stored == null || stored.isBlank()) {
      return NONE;
    }
    String[] f = stored.strip().split(" ");
    return new ObjectLock(
        f[0].equals("-") ? null : Mode.valueOf(f[0]), f[1].equals("-") ? null : Instant.parse(f[1]), f.length > 2 && f[2].equals("hold"));
  }

  /** The bucket-level setting: object lock on, with a default retention for new versions or none. */
  public record Configuration(Mode defaultMode, Integer days, Integer years) {
    /** Object lock on, without a default retention. */
    public static final Configuration ENABLED = new Configuration(null, null, null);

    public static final int MAX_DAYS = 36_500;
    public static final int MAX_YEARS = 100;

    public Configuration {
      if (defaultMode == null ? days != null || years != null : (days == null) == (years == null)) {
        throw new InvalidInputException("invalid_object_lock", "a default retention has a mode and either days or years");
      }
      if (days != null && (days < 1 || days > MAX_DAYS) || years != null && (years < 1 || years > MAX_YEARS)) {
        throw new InvalidInputException("invalid_object_lock",
            "a default retention is 1 to " + MAX_DAYS + " days or 1 to " + MAX_YEARS + " years");
      }
    }

    /** The lock a new version gets when its request asks for none of its own: the default retention from {@code now}. */
    public ObjectLock forNewVersion(ObjectLock requested, Instant now) {
      if (requested.mode() != null || defaultMode == null) {
        return requested;
      }
      Instant until = days != null
          ? now.plus(java.time.Duration.ofDays(days))
          : now.atOffset(java.time.ZoneOffset.UTC).plusYears(years).toInstant();
      return new ObjectLock(defaultMode, until, requested.legalHold());
    }

    /** The stored form: {@code enabled}, {@code GOVERNANCE days 30}, {@code COMPLIANCE years 7}. */
    public String encode() {
      return defaultMode == null ? "enabled" : defaultMode.name() + (days != null ? " days " + days : " years " + years);
    }

    /** The configuration stored; null (object lock off) for none. */
    public static Configuration decode(String stored) {
      if (stored == null || stored.isBlank()) {
        return null;
      }
      String[] f = stored.strip().split(" ");
      if (f[0].equals("enabled")) {
        return ENABLED;
      }
      int n = Integer.parseInt(f[2]);
      return new Configuration(Mode.valueOf(f[0]), f[1].equals("days") ? n : null, f[1].equals("years") ? n : null);
    }
  }

  /** 400 when {@code requested} asks for a lock in a bucket without object lock ({@code config} null). */
  public static ObjectLock forNewVersion(Configuration config, ObjectLock requested, Instant now) {
    Objects.requireNonNull(requested, "requested");
    if (config == null) {
      if (!requested.isNone()) {
        throw new InvalidInputException("object_lock_not_enabled", "the bucket does not have object lock enabled");
      }
      return ObjectLock.NONE;
    }
    return config.forNewVersion(requested, now);
  }
}
