package dev.silo.core.domain;

import java.time.Instant;
import java.util.Set;

/**
 * An API key as stored: never the key itself, only its hash and a short prefix to recognise it.
 */
public record ApiKey(
    ApiKeyId id,
    TenantId tenant,
    String name,
    String prefix,
    byte[] hash,
    Set<Scope> scopes,
    Instant createdAt,
    Instant lastUsedAt,
    Instant revokedAt) {

  public ApiKey {
    scopes = Set.copyOf(scopes);
  }

  public boolean revoked() {
    return revokedAt != null;
  }
}
