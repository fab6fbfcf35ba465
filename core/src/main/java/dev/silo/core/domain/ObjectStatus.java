package dev.silo.core.domain;

import java.util.Locale;

/** A pending object is reserved by a presigned upload and invisible until completed. */
public enum ObjectStatus {
  PENDING,
  READY;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ObjectStatus fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
