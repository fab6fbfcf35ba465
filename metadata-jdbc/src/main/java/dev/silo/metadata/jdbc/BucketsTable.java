package dev.silo.metadata.jdbc;

import dev.silo.core.domain.Bucket;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.Usage;
import dev.silo.core.spi.BucketRepository;
import dev.silo.core.spi.DuplicateException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The bound tenant's rows of {@code buckets}, with usage summed from its ready objects. */
final class BucketsTable implements BucketRepository {
  private static final String WITH_USAGE =
      "SELECT b.name, b.created_at, COALESCE(SUM(o.size), 0) AS used_bytes,"
          + " COUNT(o.id) AS used_objects"
          + " FROM buckets b LEFT JOIN objects o"
          + " ON o.tenant_id = ? AND o.bucket = b.name AND o.status = 'ready'"
          + " WHERE b.tenant_id = ?";

  private final TenantId tenant;
  private final Sql sql;

  BucketsTable(TenantId tenant, Sql sql) {
    this.tenant = tenant;
    this.sql = sql;
  }

  @Override
  public void insert(BucketName name, Instant createdAt) {
    int inserted =
        sql.update(
            "INSERT INTO buckets (tenant_id, name, created_at) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING",
            tenant.value(),
            name.value(),
            createdAt);
    if (inserted == 0) {
      throw new DuplicateException("bucket " + name + " already exists");
    }
  }

  @Override
  public Optional<Bucket> find(BucketName name) {
    return sql.first(
        WITH_USAGE + " AND b.name = ? GROUP BY b.name, b.created_at",
        BucketsTable::bucket,
        tenant.value(),
        tenant.value(),
        name.value());
  }

  @Override
  public boolean exists(BucketName name) {
    return sql.first(
            "SELECT 1 FROM buckets WHERE tenant_id = ? AND name = ?",
            row -> true,
            tenant.value(),
            name.value())
        .isPresent();
  }

  @Override
  public List<Bucket> list() {
    return sql.list(
        WITH_USAGE + " GROUP BY b.name, b.created_at ORDER BY b.name",
        BucketsTable::bucket,
        tenant.value(),
        tenant.value());
  }

  @Override
  public int count() {
    return sql.first(
            "SELECT COUNT(*) FROM buckets WHERE tenant_id = ?",
            row -> row.getInt(1),
            tenant.value())
        .orElse(0);
  }

  @Override
  public void delete(BucketName name) {
    sql.update(
        "DELETE FROM buckets WHERE tenant_id = ? AND name = ?", tenant.value(), name.value());
  }

  private static Bucket bucket(ResultSet row) throws SQLException {
    long created = row.getLong("created_at");
    return new Bucket(
        new BucketName(row.getString("name")),
        row.wasNull() ? null : Instant.ofEpochMilli(created),
        new Usage(row.getLong("used_bytes"), row.getLong("used_objects")));
  }
}
