package dev.silo.core.domain;

import java.time.Instant;
import java.util.Objects;

/** A tenant: the owner of buckets, objects and credentials. */
public record Tenant(
    TenantId id,
    TenantSlug slug,
    String name,
    TenantStatus status,
    Limits limits,
    Instant createdAt,
    Instant updatedAt) {

  public Tenant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(limits, "limits");
    name = TenantNames.validate(name);
  }

  public boolean active() {
    return status == TenantStatus.ACTIVE;
  }
}
