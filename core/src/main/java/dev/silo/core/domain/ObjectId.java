package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;

/** The stable id of an object, unique across tenants and buckets; never derived from its key. */
public record ObjectId(String value) {
  public ObjectId {
    // obj_[a-z0-9]{20,40}
    if (!NameChars.prefixedLowerAlphanumeric(value, "obj_", 20, 40)) {
      throw new InvalidInputException("invalid_object_id", "invalid object id");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
