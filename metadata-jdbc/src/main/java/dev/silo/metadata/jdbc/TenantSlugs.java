package dev.silo.metadata.jdbc;

import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.TenantSlug;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenants' slugs by id, as the store has read them. A slug never changes and an id is never given
 * to another tenant, so what was read stays true, on every node: a request on the tenant's default
 * bucket (named after its slug) needs no read of the tenant row to name it.
 */
final class TenantSlugs {
  /** Past this many, start again: a bound on memory, not a cache policy (a miss is one read). */
  private static final int MAX = 100_000;

  private final ConcurrentHashMap<TenantId, TenantSlug> slugs = new ConcurrentHashMap<>();

  /** The slug read before, or null. */
  TenantSlug get(TenantId tenant) {
    return slugs.get(tenant);
  }

  void remember(Tenant tenant) {
    if (slugs.size() >= MAX) {
      slugs.clear();
    }
    slugs.put(tenant.id(), tenant.slug());
  }
}
