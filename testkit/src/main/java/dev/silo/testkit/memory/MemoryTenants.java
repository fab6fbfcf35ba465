package dev.silo.testkit.memory;

import dev.silo.core.domain.ApiKeyId;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.Usage;
import dev.silo.core.spi.DuplicateException;
import dev.silo.core.spi.TenantRepository;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tenants as the operator sees them. */
record MemoryTenants(Tables tables) implements TenantRepository {
  static final Comparator<Tenant> BY_SLUG = Comparator.comparing(t -> t.slug().value(), Utf8.ORDER);

  @Override
  public void insert(Tenant tenant) {
    if (tables.tenants.containsKey(tenant.id().value()) || findBySlug(tenant.slug()).isPresent()) {
      throw new DuplicateException("a tenant with this id or slug already exists");
    }
    tables.tenants.put(tenant.id().value(), tenant);
    tables.usage.put(tenant.id().value(), Usage.ZERO);
  }

  @Override
  public void update(Tenant tenant) {
    tables.credentialsChanged = true;
    Tenant old = tables.tenants.get(tenant.id().value());
    if (old == null) {
      throw MemoryTenantRecords.notFound();
    }
    // the slug and creation time are not the operator's to change
    tables.tenants.put(tenant.id().value(), new Tenant(old.id(), old.slug(), tenant.name(), tenant.status(),
        tenant.limits(), old.createdAt(), tenant.updatedAt(), tenant.oidc()));
  }

  @Override
  public Optional<Tenant> find(TenantId id) {
    return Optional.ofNullable(tables.tenants.get(id.value()));
  }

  @Override
  public Optional<Tenant> findBySlug(TenantSlug slug) {
    return tables.tenants.values().stream().filter(t -> t.slug().equals(slug)).findFirst();
  }

  @Override
  public Optional<Tenant> findWithLiveKey(TenantId id, ApiKeyId key) {
    return new MemoryApiKeys(id.value(), tables).find(key).filter(k -> !k.revoked()).flatMap(k -> find(id));
  }

  @Override
  public List<Tenant> findByIssuer(String issuer) {
    return tables.tenants.values().stream()
        .filter(t -> t.oidc() != null && issuer.equals(t.oidc().issuer()))
        .sorted(BY_SLUG)
        .toList();
  }

  @Override
  public Map<TenantId, TenantSlug> slugs(Collection<TenantId> ids) {
    Map<TenantId, TenantSlug> slugs = new HashMap<>();
    ids.forEach(id -> find(id).ifPresent(t -> slugs.put(id, t.slug())));
    return slugs;
  }

  @Override
  public List<Tenant> list() {
    return tables.tenants.values().stream().sorted(BY_SLUG).toList();
  }

  @Override
  public List<Listed> listWithUsage(String prefix, String after, int limit) {
    return list().stream()
        .filter(t -> prefix == null || t.slug().value().startsWith(prefix))
        .filter(t -> after == null || Utf8.ORDER.compare(t.slug().value(), after) > 0)
        .limit(limit)
        .map(t -> new Listed(t, usage(t.id()), pendingBytes(t.id())))
        .toList();
  }

  @Override
  public Usage usage(TenantId id) {
    return new MemoryTenantRecords(id.value(), tables).usage();
  }

  @Override
  public long pendingBytes(TenantId id) {
    return new MemoryTenantRecords(id.value(), tables).pendingBytes();
  }

  @Override
  public void delete(TenantId id) {
    tables.credentialsChanged = true;
    tables.dropTenant(id.value());
  }
}
