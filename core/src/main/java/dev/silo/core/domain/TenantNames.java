package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;

/** The display name of a tenant: 1–200 printable characters. */
final class TenantNames {
  private TenantNames() {}

  static String validate(String name) {
    if (name == null || name.isBlank() || name.length() > 200
        || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new InvalidInputException(
          "invalid_name", "name must be 1 to 200 printable characters");
    }
    return name.strip();
  }
}
