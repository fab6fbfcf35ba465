package dev.silo.metadata.jdbc;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.TenantId;
import dev.silo.core.spi.InlineBlobRepository;
import java.util.Optional;

/** The bound tenant's rows of {@code inline_blobs}. */
final class InlineBlobsTable implements InlineBlobRepository {
  private final TenantId tenant;
  private final Sql sql;

  InlineBlobsTable(TenantId tenant, Sql sql) {
    this.tenant = tenant;
    this.sql = sql;
  }

  /** Deferred ({@link Sql#later}): it goes ahead of the unit's next statement, and its failure fails the unit. */
  @Override
  public void put(BlobName name, byte[] bytes) {
    sql.later("INSERT INTO inline_blobs (tenant_id, name, bytes) VALUES (?, ?, ?)", tenant.value(), name.value(), bytes);
  }

  @Override
  public Optional<byte[]> get(BlobName name) {
    return sql.first(
        "SELECT bytes FROM inline_blobs WHERE tenant_id = ? AND name = ?", row -> row.getBytes(1), tenant.value(), name.value());
  }

  @Override
  public boolean delete(BlobName name) {
    return sql.update("DELETE FROM inline_blobs WHERE tenant_id = ? AND name = ?", tenant.value(), name.value()) > 0;
  }
}
