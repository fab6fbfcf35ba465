package dev.silo.core.tenant;

import dev.silo.core.domain.Limits;
import dev.silo.core.domain.OidcSettings;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.TenantStatus;
import java.util.Objects;

/** A tenant as an operator declares it: through the API, the CLI or the tenants file. */
public record TenantSpec(TenantSlug slug, String name, Limits limits, TenantStatus status, OidcSettings oidc) {
  public TenantSpec(TenantSlug slug, String name, Limits limits, TenantStatus status) {
    this(slug, name, limits, status, null);
  }

  public TenantSpec {
    Objects.requireNonNull(slug, "slug");
    name = name == null || name.isBlank() ? slug.value() : name;
    limits = limits == null ? Limits.DEFAULT : limits;
    status = status == null ? TenantStatus.ACTIVE : status;
  }
}
