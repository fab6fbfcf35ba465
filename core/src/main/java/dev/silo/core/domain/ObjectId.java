package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.util.regex.Pattern;

/** The stable id of an object, unique across tenants and buckets; never derived from its key. */
public record ObjectId(String value) {
  private static final Pattern FORMAT = Pattern.compile("obj_[a-z0-9]{20,40}");

  public ObjectId {
    if (value == null || !FORMAT.matcher(value).matches()) {
      throw new InvalidInputException("invalid_object_id", "invalid object id");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
