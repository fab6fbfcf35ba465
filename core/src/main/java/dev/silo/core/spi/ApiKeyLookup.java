package dev.silo.core.spi;

import dev.silo.core.domain.ApiKey;
import dev.silo.core.domain.ApiKeyId;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import java.time.Instant;
import java.util.Optional;

/** Authentication's view of API keys: a unique-index lookup by hash, never a scan. */
public interface ApiKeyLookup {
  /**
   * The key with this hash, if it is not revoked, with its tenant (whatever its status): all that
   * authenticating a request reads, in one lookup (one statement on a database, as for S3 keys).
   */
  Optional<Live> findLive(byte[] hash);

  /** By tenant and id, the key's primary key. */
  void touch(TenantId tenant, ApiKeyId id, Instant lastUsedAt);

  /** A key that is not revoked, and its tenant. */
  record Live(ApiKey key, Tenant tenant) {}
}
