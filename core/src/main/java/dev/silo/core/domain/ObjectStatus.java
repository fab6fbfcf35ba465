package dev.silo.core.domain;

import java.util.Locale;

/** A pending object is reserved by a presigned upload and invisible until completed. */
public enum ObjectStatus {
  PENDING,
  READY;

  /** Made once: every object row read and every object shown names its status. */
  private final String wire = name().toLowerCase(Locale.ROOT);

  public String wire() {
    return wire;
  }

  public static ObjectStatus fromWire(String s) {
    return switch (s) {
      case "ready" -> READY;
      case "pending" -> PENDING;
      default -> valueOf(s.toUpperCase(Locale.ROOT));
    };
  }
}
