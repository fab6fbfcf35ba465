package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.util.regex.Pattern;

/**
 * The internal, immutable identity of a tenant. Distinct from its slug so that a tenant deleted
 * and created again under the same slug never inherits the old one's rows, blobs or keys.
 */
public record TenantId(String value) {
  private static final Pattern FORMAT = Pattern.compile("[a-z0-9]{1,40}");

  public TenantId {
    if (value == null || !FORMAT.matcher(value).matches()) {
      throw new InvalidInputException("invalid_tenant_id", "invalid tenant id");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
