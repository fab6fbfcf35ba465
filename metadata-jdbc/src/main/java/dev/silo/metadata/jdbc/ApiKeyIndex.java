package dev.silo.metadata.jdbc;

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

  /** Both rows in one statement; the tenant's columns as {@link Rows#tenant} reads them. */
  @Override
  public Optional<Live> findLive(byte[] hash) {
    return sql.first(LIVE, row -> new Live(Rows.apiKey(row, "k_"), Rows.tenant(row)), Rows.hash(hash));
  }

  private static final String LIVE =
      "SELECT " + Rows.prefixed("k.", Rows.API_KEY_COLUMNS, "k_") + ", " + Rows.prefixed("t.", Rows.TENANT_COLUMNS, "")
          + " FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.key_hash = ? AND k.revoked_at IS NULL";

  @Override
  public void touch(TenantId tenant, ApiKeyId id, Instant lastUsedAt) {
    sql.update(
        "UPDATE api_keys SET last_used_at = ? WHERE tenant_id = ? AND id = ?", lastUsedAt, tenant.value(), id.value());
  }
}
