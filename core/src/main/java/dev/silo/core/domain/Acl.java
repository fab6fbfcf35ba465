package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.util.Locale;

/** Private objects need a credential or a signed URL; public ones are readable by anyone. */
public enum Acl {
  PRIVATE,
  PUBLIC;

  /** Made once: every object row read and every object shown names its ACL. */
  private final String wire = name().toLowerCase(Locale.ROOT);

  public String wire() {
    return wire;
  }

  public static Acl parse(String s) {
    if (s == null) {
      return PRIVATE;
    }
    if (s.equals("private")) { // as stored: no copies to make
      return PRIVATE;
    }
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "private" -> PRIVATE;
      case "public", "public-read" -> PUBLIC;
      default -> throw new InvalidInputException("invalid_acl", "acl must be private or public");
    };
  }
}
