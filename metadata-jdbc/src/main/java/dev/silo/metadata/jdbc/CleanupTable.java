package dev.silo.metadata.jdbc;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.TenantId;
import dev.silo.core.spi.CleanupRepository;
import java.time.Instant;

/** The bound tenant's rows of {@code blob_cleanup}. */
final class CleanupTable implements CleanupRepository {
  private final TenantId tenant;
  private final Sql sql;

  CleanupTable(TenantId tenant, Sql sql) {
    this.tenant = tenant;
    this.sql = sql;
  }

  @Override
  public long schedule(StorageSpace space, BlobName blob, Instant notBefore) {
    return sql.insertReturningId(
        "INSERT INTO blob_cleanup (tenant_id, container, prefix, blob_name, not_before)"
            + " VALUES (?, ?, ?, ?, ?) RETURNING id",
        tenant.value(),
        space.container(),
        space.prefix(),
        blob.value(),
        notBefore);
  }

  @Override
  public void cancel(BlobName blob) {
    sql.later(
        "DELETE FROM blob_cleanup WHERE tenant_id = ? AND blob_name = ?",
        tenant.value(),
        blob.value());
  }
}
