package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.util.Locale;

/** The seeds' upload categories; the first segment of a server-computed key. */
public enum Category {
  RAW,
  PROCESSED,
  EXPORTS,
  TMP;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Category parse(String s) {
    if (s == null || s.isBlank()) {
      return RAW;
    }
    for (Category c : values()) {
      if (c.wire().equals(s.trim().toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new InvalidInputException(
        "invalid_category", "category must be raw, processed, exports or tmp");
  }
}
