package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;

/**
 * The internal, immutable identity of a tenant. Distinct from its slug so that a tenant deleted
 * and created again under the same slug never inherits the old one's rows, blobs or keys.
 */
public record TenantId(String value) {
  public TenantId {
    // [a-z0-9]{1,40}: checked on every row and request that names a tenant
    if (!NameChars.prefixedLowerAlphanumeric(value, "", 1, 40)) {
      throw new InvalidInputException("invalid_tenant_id", "invalid tenant id");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
