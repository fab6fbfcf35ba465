package dev.silo.core.version;

import dev.silo.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A position in a version listing, encoded opaquely. {@code versionId} null: from {@code key}
 * (inclusive) or after every version of it (exclusive); non-null: after that version of {@code
 * key} (Silo's id, or {@link #NULL_VERSION} for the key's null version, resolved when listing,
 * or {@link #ALL} after the key's current version whatever its id).
 */
record VersionCursor(String key, String versionId, boolean inclusive) {
  /** After the current version of a key: greater than every id (ids are hex and base 36). */
  static final String ALL = "~";

  /** After the key's null version (S3's {@code version-id-marker=null}). */
  static final String NULL_VERSION = "null";

  String encode() {
    String raw = (inclusive ? "i" : "e") + ":" + (versionId == null ? "" : versionId) + ":" + key;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static VersionCursor decode(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int first = raw.indexOf(':');
      int second = raw.indexOf(':', first + 1);
      if (first == 1 && second > first && (raw.charAt(0) == 'i' || raw.charAt(0) == 'e')) {
        String v = raw.substring(first + 1, second);
        return new VersionCursor(raw.substring(second + 1), v.isEmpty() ? null : v, raw.charAt(0) == 'i');
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw new InvalidInputException("invalid_cursor", "invalid cursor");
  }
}
