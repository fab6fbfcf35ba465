package dev.silo.testkit.memory;

import dev.silo.core.domain.ApiKey;
import dev.silo.core.domain.ApiKeyId;
import dev.silo.core.domain.TenantId;
import dev.silo.core.spi.ApiKeyLookup;
import dev.silo.core.spi.ApiKeyRepository;
import dev.silo.core.spi.DuplicateException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The bound tenant's API keys; a hash is unique across tenants. */
record MemoryApiKeys(String tenant, Tables tables) implements ApiKeyRepository {
  @Override
  public void insert(ApiKey key) {
    if (tables.apiKeys.containsKey(key.id().value()) || Lookup.byHash(tables, key.hash()).isPresent()) {
      throw new DuplicateException("an API key with this id or hash already exists");
    }
    tables.apiKeys.put(key.id().value(), key);
  }

  @Override
  public List<ApiKey> list() {
    return tables.apiKeys.values().stream()
        .filter(k -> k.tenant().value().equals(tenant))
        .sorted(Comparator.comparing(ApiKey::createdAt).thenComparing(k -> k.id().value()).reversed())
        .toList();
  }

  @Override
  public Optional<ApiKey> find(ApiKeyId id) {
    return Optional.ofNullable(tables.apiKeys.get(id.value())).filter(k -> k.tenant().value().equals(tenant));
  }

  @Override
  public void revoke(ApiKeyId id, Instant at) {
    tables.credentialsChanged = true;
    find(id).filter(k -> !k.revoked()).ifPresent(k -> tables.apiKeys.put(id.value(),
        new ApiKey(k.id(), k.tenant(), k.name(), k.prefix(), k.hash(), k.scopes(), k.createdAt(), k.lastUsedAt(), at)));
  }

  /** Authentication's lookup across tenants. */
  record Lookup(Tables tables) implements ApiKeyLookup {
    @Override
    public Optional<Live> findLive(byte[] hash) {
      return byHash(tables, hash)
          .filter(k -> !k.revoked())
          .flatMap(k -> Optional.ofNullable(tables.tenants.get(k.tenant().value())).map(t -> new Live(k, t)));
    }

    static Optional<ApiKey> byHash(Tables tables, byte[] hash) {
      return tables.apiKeys.values().stream().filter(k -> Arrays.equals(k.hash(), hash)).findFirst();
    }

    @Override
    public void touch(TenantId tenant, ApiKeyId id, Instant lastUsedAt) {
      ApiKey k = tables.apiKeys.get(id.value());
      if (k != null && k.tenant().equals(tenant)) {
        tables.apiKeys.put(id.value(), new ApiKey(k.id(), k.tenant(), k.name(), k.prefix(), k.hash(), k.scopes(),
            k.createdAt(), lastUsedAt, k.revokedAt()));
      }
    }
  }
}
