package dev.silo.core.domain;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Which version of its key a row is. {@code id} is Silo's own id of the version: opaque,
 * unguessable, and sorting by time within a key (12 hex digits of epoch milliseconds, then 20
 * random base-36 characters), so newest first is descending id order. {@code nullVersion}: the
 * version was written while versioning was off or suspended, S3's {@code null} version; a key has
 * at most one. {@code id} is null only for a row written before versioning existed (V20), which is
 * a null version; it gets an id from its modification time when it stops being current.
 */
public record Version(String id, boolean nullVersion) {
  /** A row from before V20: the null version, without an id yet. */
  public static final Version LEGACY = new Version(null, true);

  /** The null version's id on the wire (S3's {@code versionId=null}). */
  public static final String NULL_ID = "null";

  private static final Pattern WIRE = Pattern.compile("[0-9a-f]{12}[0-9a-z]{20}");

  public Version {
    if (id == null && !nullVersion) {
      throw new IllegalArgumentException("a version that is not the null version has an id");
    }
  }

  /** The id clients see: {@code null} for the null version, else {@link #id}. */
  public String wire() {
    return nullVersion ? NULL_ID : id;
  }

  /** The time encoded in an id (its first 12 hex digits). */
  public static Instant timeOf(String id) {
    return Instant.ofEpochMilli(Long.parseLong(id.substring(0, 12), 16));
  }

  /** The first 12 characters of an id made at {@code time}. */
  public static String timePrefix(Instant time) {
    return String.format("%012x", Math.max(0, time.toEpochMilli()));
  }

  /** Whether {@code wire} could be an id this class makes or {@code null}: anything else is not found at once. */
  public static boolean plausible(String wire) {
    return wire != null && (wire.equals(NULL_ID) || WIRE.matcher(wire).matches());
  }
}
