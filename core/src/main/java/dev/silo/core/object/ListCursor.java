package dev.silo.core.object;

import dev.silo.core.domain.CommonPrefix;
import dev.silo.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A position in a listing: scan keys after (or from) a string. Encoded opaquely so that clients
 * do not build cursors themselves.
 */
record ListCursor(String after, boolean inclusive) {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  static int limit(Integer requested) {
    if (requested == null) {
      return DEFAULT_LIMIT;
    }
    if (requested < 1 || requested > MAX_LIMIT) {
      throw new InvalidInputException("invalid_limit", "limit must be between 1 and 1000");
    }
    return requested;
  }

  static ListCursor start(String prefix) {
    return new ListCursor(prefix, true);
  }

  static ListCursor after(String key) {
    return new ListCursor(key, false);
  }

  /** The first position past every key that starts with {@code prefix} ({@link CommonPrefix#past}). */
  static ListCursor pastPrefix(String prefix) {
    return new ListCursor(CommonPrefix.past(prefix), true);
  }

  String encode() {
    String raw = (inclusive ? "i:" : "e:") + after;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static ListCursor decode(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (raw.startsWith("i:")) {
        return new ListCursor(raw.substring(2), true);
      }
      if (raw.startsWith("e:")) {
        return new ListCursor(raw.substring(2), false);
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw new InvalidInputException("invalid_cursor", "invalid cursor");
  }
}
