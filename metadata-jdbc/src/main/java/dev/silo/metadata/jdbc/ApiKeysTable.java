package dev.silo.metadata.jdbc;

import dev.silo.core.domain.ApiKey;
import dev.silo.core.domain.ApiKeyId;
import dev.silo.core.domain.TenantId;
import dev.silo.core.spi.ApiKeyRepository;
import dev.silo.core.spi.DuplicateException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The bound tenant's rows of {@code api_keys}. */
final class ApiKeysTable implements ApiKeyRepository {
  private static final String SELECT =
      "SELECT " + Rows.API_KEY_COLUMNS + " FROM api_keys WHERE tenant_id = ?";

  private final TenantId tenant;
  private final Sql sql;

  ApiKeysTable(TenantId tenant, Sql sql) {
    this.tenant = tenant;
    this.sql = sql;
  }

  @Override
  public void insert(ApiKey key) {
    if (!tenant.equals(key.tenant())) {
      throw new IllegalArgumentException("an API key can only be added to its own tenant");
    }
    int inserted =
        sql.update(
            "INSERT INTO api_keys (" + Rows.API_KEY_COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            key.id().value(),
            tenant.value(),
            key.name(),
            key.prefix(),
            Rows.hash(key.hash()),
            Rows.scopes(key.scopes()),
            key.createdAt(),
            key.lastUsedAt(),
            key.revokedAt());
    if (inserted == 0) {
      throw new DuplicateException("an API key with this id or hash already exists");
    }
  }

  @Override
  public List<ApiKey> list() {
    return sql.list(
        SELECT + " ORDER BY created_at DESC, id DESC", Rows::apiKey, tenant.value());
  }

  @Override
  public Optional<ApiKey> find(ApiKeyId id) {
    return sql.first(SELECT + " AND id = ?", Rows::apiKey, tenant.value(), id.value());
  }

  /**
   * A second revocation keeps the first time. A node that keeps the keys it read forgets them
   * when this commits ({@link CommitNotices}).
   */
  @Override
  public void revoke(ApiKeyId id, Instant at) {
    sql.noteCredentialsChanged();
    sql.update(
        "UPDATE api_keys SET revoked_at = ? WHERE tenant_id = ? AND id = ? AND revoked_at IS NULL",
        at,
        tenant.value(),
        id.value());
  }
}
