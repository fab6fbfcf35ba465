package dev.silo.core.spi;

import dev.silo.core.domain.ApiKeyId;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.Usage;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tenants as the operator sees them. */
public interface TenantRepository {
  /** Inserts a tenant; throws {@link DuplicateException} if the slug is taken. */
  void insert(Tenant tenant);

  /** Replaces name, status, limits and updated_at of an existing tenant. */
  void update(Tenant tenant);

  Optional<Tenant> find(TenantId id);

  Optional<Tenant> findBySlug(TenantSlug slug);

  /** The tenant, if it has the API key {@code key} unrevoked; one query, for checking a token's lineage. */
  Optional<Tenant> findWithLiveKey(TenantId id, ApiKeyId key);

  /** The tenants whose OIDC settings name this issuer, ordered by slug. */
  List<Tenant> findByIssuer(String issuer);

  /** The slugs of those of these tenants that exist, in one statement. */
  Map<TenantId, TenantSlug> slugs(Collection<TenantId> ids);

  /** All tenants ordered by slug. */
  List<Tenant> list();

  /** A tenant with its {@link #usage} and {@link #pendingBytes}, as the operator's list shows it. */
  record Listed(Tenant tenant, Usage usage, long pendingBytes) {}

  /**
   * A page of the operator's list: at most {@code limit} tenants whose slug starts with {@code
   * prefix} (null: any) and comes after {@code after} (null: from the first), ordered by slug, each
   * with its usage and pending bytes read in the same statement (read tenant by tenant, a list of
   * 10,000 tenants was 20,001 statements). The prefix holds only slug characters.
   */
  List<Listed> listWithUsage(String prefix, String after, int limit);

  Usage usage(TenantId id);

  /** The bytes the tenant's unfinished uploads hold (the sum of their reservations). */
  long pendingBytes(TenantId id);

  /** Deletes the tenant and every row of it in every table. */
  void delete(TenantId id);
}
