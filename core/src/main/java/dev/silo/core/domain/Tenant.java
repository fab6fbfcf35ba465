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
    Instant updatedAt,
    OidcSettings oidc) {

  /** A tenant without an identity provider of its own. */
  public Tenant(
      TenantId id, TenantSlug slug, String name, TenantStatus status, Limits limits, Instant createdAt, Instant updatedAt) {
    this(id, slug, name, status, limits, createdAt, updatedAt, null);
  }

  public Tenant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(limits, "limits");
    name = TenantNames.validate(name);
  }

  /** The same tenant with other identity settings (null: none). */
  public Tenant withOidc(OidcSettings settings) {
    return new Tenant(id, slug, name, status, limits, createdAt, updatedAt, settings);
  }

  public boolean active() {
    return status == TenantStatus.ACTIVE;
  }
}
