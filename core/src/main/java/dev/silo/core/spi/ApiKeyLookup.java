package dev.silo.core.spi;

import dev.silo.core.domain.ApiKey;
import dev.silo.core.domain.ApiKeyId;
import dev.silo.core.domain.TenantId;
import java.time.Instant;
import java.util.Optional;

/** Authentication's view of API keys: a unique-index lookup by hash, never a scan. */
public interface ApiKeyLookup {
  Optional<ApiKey> findByHash(byte[] hash);

  /** By tenant and id, the key's primary key. */
  void touch(TenantId tenant, ApiKeyId id, Instant lastUsedAt);
}
