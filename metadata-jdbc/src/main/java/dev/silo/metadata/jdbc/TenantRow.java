package dev.silo.metadata.jdbc;

import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.Usage;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.spi.TenantRecords;
import java.time.Instant;

/** The bound tenant's own row in {@code tenants}. */
final class TenantRow implements TenantRecords {
  private final TenantId tenant;
  private final Sql sql;

  TenantRow(TenantId tenant, Sql sql) {
    this.tenant = tenant;
    this.sql = sql;
  }

  @Override
  public Tenant get() {
    return sql.first("SELECT " + Rows.TENANT_COLUMNS + " FROM tenants WHERE id = ?",
            Rows::tenant, tenant.value())
        .orElseThrow(TenantRow::notFound);
  }

  /**
   * Locks the row on PostgreSQL: usage is read to check a quota before the write that adds to it,
   * and the check must still hold when that write commits.
   */
  @Override
  public Usage usage() {
    return sql.first(
            "SELECT used_bytes, used_objects FROM tenants WHERE id = ?"
                + sql.dialect().lockForUpdate(),
            Rows::usage,
            tenant.value())
        .orElseThrow(TenantRow::notFound);
  }

  @Override
  public void addUsage(long bytesDelta, long objectsDelta) {
    int changed =
        sql.update(
            "UPDATE tenants SET used_bytes = used_bytes + ?, used_objects = used_objects + ?"
                + " WHERE id = ?",
            bytesDelta,
            objectsDelta,
            tenant.value());
    if (changed == 0) {
      throw notFound();
    }
  }

  @Override
  public long pendingBytes() {
    return sql.first("SELECT COALESCE(SUM(bytes), 0) FROM reservations WHERE tenant_id = ?", row -> row.getLong(1),
            tenant.value())
        .orElse(0L);
  }

  @Override
  public long reserved(String uploadId) {
    return sql.first("SELECT bytes FROM reservations WHERE tenant_id = ? AND upload_id = ?", row -> row.getLong(1),
            tenant.value(), uploadId)
        .orElse(0L);
  }

  @Override
  public void reserve(String uploadId, long bytes, Instant now) {
    sql.update(
        "INSERT INTO reservations (tenant_id, upload_id, bytes, created_at) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (tenant_id, upload_id) DO UPDATE SET bytes = excluded.bytes",
        tenant.value(), uploadId, bytes, now.toEpochMilli());
  }

  @Override
  public long release(String uploadId) {
    long held = reserved(uploadId);
    if (held != 0) {
      sql.update("DELETE FROM reservations WHERE tenant_id = ? AND upload_id = ?", tenant.value(), uploadId);
    }
    return held;
  }

  static NotFoundException notFound() {
    return new NotFoundException("tenant_not_found", "tenant not found");
  }
}
