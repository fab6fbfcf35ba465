package dev.silo.metadata.jdbc;

import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.Usage;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.spi.TenantRecords;
import java.time.Instant;

/** The bound tenant's own row in {@code tenants}. */
final class TenantRow implements TenantRecords {
  private final TenantId tenant;
  private final Sql sql;
  private final Memo memo;
  private final TenantSlugs slugs;

  TenantRow(TenantId tenant, Sql sql, Memo memo, TenantSlugs slugs) {
    this.tenant = tenant;
    this.sql = sql;
    this.memo = memo;
    this.slugs = slugs;
  }

  /**
   * What one transaction has read of the row. A tenant's transaction never changes the row's
   * settings, and its usage only through {@link #addUsage}, which keeps this up to date; so a
   * write's several questions about the tenant (its limits, its usage, its status) cost one read.
   */
  static final class Memo {
    private Tenant tenant;
    private Usage usage;
    private boolean locked;
  }

  @Override
  public Tenant get() {
    if (memo.tenant == null) {
      read(false);
    }
    return memo.tenant;
  }

  @Override
  public TenantSlug slug() {
    TenantSlug known = memo.tenant == null ? slugs.get(tenant) : memo.tenant.slug();
    return known != null ? known : get().slug();
  }

  /**
   * Locks the row on PostgreSQL: usage is read to check a quota before the write that adds to it,
   * and the check must still hold when that write commits. Once locked (on SQLite: once read, the
   * transaction holding the only write lock or reading a snapshot), the row cannot change but by
   * this transaction, so it is read once.
   */
  @Override
  public Usage usage() {
    if (!memo.locked) {
      read(true);
    }
    return memo.usage;
  }

  /** The whole row, usage included: a write asks for both, and one statement costs half of two. */
  private void read(boolean lock) {
    memo.usage =
        sql.first(
                "SELECT " + Rows.TENANT_COLUMNS + ", used_bytes, used_objects FROM tenants WHERE id = ?"
                    + (lock ? sql.dialect().lockForUpdate() : ""),
                row -> {
                  memo.tenant = Rows.tenant(row);
                  slugs.remember(memo.tenant);
                  return new Usage(row.getLong("used_bytes"), row.getLong("used_objects"));
                },
                tenant.value())
            .orElseThrow(TenantRow::notFound);
    memo.locked = lock || sql.dialect().lockForUpdate().isEmpty();
  }

  /**
   * Deferred ({@link Sql#later}): it runs ahead of the unit's next statement, so whatever reads the
   * row after sees it; the memo is kept up to date here.
   */
  @Override
  public void addUsage(long bytesDelta, long objectsDelta) {
    sql.later(
        Sql.Changed.atLeastOne(TenantRow::notFound),
        "UPDATE tenants SET used_bytes = used_bytes + ?, used_objects = used_objects + ?"
            + " WHERE id = ?",
        bytesDelta,
        objectsDelta,
        tenant.value());
    if (memo.usage != null) {
      memo.usage = new Usage(memo.usage.bytes() + bytesDelta, memo.usage.objects() + objectsDelta);
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
