package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.util.Locale;

/** A suspended tenant keeps its data but every credential of it is refused. */
public enum TenantStatus {
  ACTIVE,
  SUSPENDED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TenantStatus parse(String s) {
    for (TenantStatus t : values()) {
      if (t.wire().equals(s)) {
        return t;
      }
    }
    throw new InvalidInputException("invalid_status", "status must be active or suspended");
  }
}
