package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a credential may do. Every route declares the one it needs. */
public enum Scope {
  READ,
  WRITE,
  DELETE,
  ADMIN;

  public static final Set<Scope> ALL = Set.copyOf(EnumSet.allOf(Scope.class));

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Scope parse(String s) {
    for (Scope scope : values()) {
      if (scope.wire().equals(s)) {
        return scope;
      }
    }
    throw new InvalidInputException(
        "invalid_scope", "scopes must be among read, write, delete, admin");
  }
}
