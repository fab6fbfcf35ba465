package dev.silo.metadata.jdbc;

import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.TenantKey;
import dev.silo.core.spi.TenantKeyRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** The bound tenant's rows of {@code tenant_keys}: its data keys, wrapped (base64). */
final class TenantKeysTable implements TenantKeyRepository {
  private final TenantId tenant;
  private final Sql sql;

  TenantKeysTable(TenantId tenant, Sql sql) {
    this.tenant = tenant;
    this.sql = sql;
  }

  @Override
  public List<TenantKey> list() {
    return sql.list(
        "SELECT version, wrapped, master_version, created_at FROM tenant_keys WHERE tenant_id = ? ORDER BY version",
        TenantKeysTable::key,
        tenant.value());
  }

  @Override
  public void insert(TenantKey key) {
    sql.update(
        "INSERT INTO tenant_keys (tenant_id, version, wrapped, master_version, created_at) VALUES (?, ?, ?, ?, ?)",
        tenant.value(),
        key.version(),
        Base64.getEncoder().encodeToString(key.wrapped()),
        key.masterVersion(),
        key.createdAt());
  }

  @Override
  public void rewrap(int version, byte[] wrapped, int masterVersion) {
    sql.update(
        "UPDATE tenant_keys SET wrapped = ?, master_version = ? WHERE tenant_id = ? AND version = ?",
        Base64.getEncoder().encodeToString(wrapped),
        masterVersion,
        tenant.value(),
        version);
  }

  private static TenantKey key(ResultSet row) throws SQLException {
    return new TenantKey(
        row.getInt("version"),
        Base64.getDecoder().decode(row.getString("wrapped")),
        row.getInt("master_version"),
        Instant.ofEpochMilli(row.getLong("created_at")));
  }
}
