package dev.silo.metadata.jdbc;

import dev.silo.core.domain.ApiKey;
import dev.silo.core.domain.ApiKeyId;
import dev.silo.core.domain.TenantId;
import dev.silo.core.spi.ApiKeyLookup;
import java.time.Instant;
import java.util.Optional;

/**
 * API keys across tenants, for authentication: the one place that reads {@code api_keys} without
 * a tenant, because the tenant is what the key tells.
 */
final class ApiKeyIndex implements ApiKeyLookup {
  private final Sql sql;

  ApiKeyIndex(Sql sql) {
    this.sql = sql;
  }

  @Override
  public Optional<ApiKey> findByHash(byte[] hash) {
    return sql.first(
        "SELECT " + Rows.API_KEY_COLUMNS + " FROM api_keys WHERE key_hash = ?",
        Rows::apiKey,
        Rows.hash(hash));
  }

  @Override
  public void touch(TenantId tenant, ApiKeyId id, Instant lastUsedAt) {
    sql.update(
        "UPDATE api_keys SET last_used_at = ? WHERE tenant_id = ? AND id = ?", lastUsedAt, tenant.value(), id.value());
  }
}
