package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.util.Locale;

/** Private objects need a credential or a signed URL; public ones are readable by anyone. */
public enum Acl {
  PRIVATE,
  PUBLIC;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Acl parse(String s) {
    if (s == null) {
      return PRIVATE;
    }
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "private" -> PRIVATE;
      case "public", "public-read" -> PUBLIC;
      default -> throw new InvalidInputException("invalid_acl", "acl must be private or public");
    };
  }
}
