package dev.silo.core.spi;

import dev.silo.core.domain.ApiKey;
import dev.silo.core.domain.ApiKeyId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The bound tenant's API keys. */
public interface ApiKeyRepository {
  void insert(ApiKey key);

  /** Not revoked and revoked alike, newest first. */
  List<ApiKey> list();

  Optional<ApiKey> find(ApiKeyId id);

  void revoke(ApiKeyId id, Instant at);
}
