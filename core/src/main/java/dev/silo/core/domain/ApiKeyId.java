package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;

/** The public id of an API key, safe to list and log. */
public record ApiKeyId(String value) {
  public ApiKeyId {
    // key_[a-z0-9]{16,32}
    if (!NameChars.prefixedLowerAlphanumeric(value, "key_", 16, 32)) {
      throw new InvalidInputException("invalid_key_id", "invalid key id");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
