package dev.silo.metadata.jdbc;

import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.Usage;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.spi.TenantRecords;

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

  static NotFoundException notFound() {
    return new NotFoundException("tenant_not_found", "tenant not found");
  }
}
