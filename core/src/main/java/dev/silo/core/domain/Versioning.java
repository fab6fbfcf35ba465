package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;

/**
 * A bucket's versioning state, as S3 has it. {@code OFF} (never enabled): an overwrite or delete
 * replaces the bytes. {@code ENABLED}: every write makes a new version, a delete without a version
 * id writes a delete marker. {@code SUSPENDED}: writes and deletes make or replace the {@code
 * null} version, the other versions stay. A bucket that was enabled never goes back to off.
 */
public enum Versioning {
  OFF,
  ENABLED,
  SUSPENDED;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Versioning parse(String wire) {
    if (wire != null) {
      for (Versioning v : values()) {
        if (v.wire().equals(wire)) {
          return v;
        }
      }
    }
    throw new InvalidInputException("invalid_versioning", "versioning must be enabled or suspended");
  }

  /** Whether a write keeps the version it replaces (only the null version is overwritten in place otherwise). */
  public boolean keepsVersions() {
    return this == ENABLED;
  }
}
