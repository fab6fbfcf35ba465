package dev.silo.metadata.jdbc;

import dev.silo.core.domain.Bucket;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.BucketTags;
import dev.silo.core.domain.Lifecycle;
import dev.silo.core.domain.ObjectLock;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.Usage;
import dev.silo.core.domain.Versioning;
import dev.silo.core.spi.BucketRepository;
import dev.silo.core.spi.DuplicateException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The bound tenant's rows of {@code buckets}, with their usage counters: kept by the object-row
 * writes ({@link BucketCounters}), so reading them costs the same for a bucket of any size.
 */
final class BucketsTable implements BucketRepository {
  private static final String WITH_USAGE =
      "SELECT name, created_at, used_bytes, used_objects, versioning, lifecycle, object_lock, tags, cors FROM buckets WHERE tenant_id = ?";

  private final TenantId tenant;
  private final Sql sql;
  private final Memo memo;

  BucketsTable(TenantId tenant, Sql sql, Memo memo) {
    this.tenant = tenant;
    this.sql = sql;
    this.memo = memo;
  }

  /**
   * The rows one transaction has read, until it writes a bucket row: a write asks whether its
   * bucket exists and then how it is versioned, one read. The usage counters in a remembered row
   * are those of the transaction's start, as a read of the table gives (a unit's own object writes
   * reach the counters when it ends: {@link BucketCounters}).
   */
  static final class Memo {
    private final java.util.Map<BucketName, Optional<Bucket>> rows = new java.util.HashMap<>();
  }

  @Override
  public void insert(BucketName name, Instant createdAt) {
    memo.rows.clear();
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
    Optional<Bucket> known = memo.rows.get(name);
    if (known == null) {
      known = sql.first(WITH_USAGE + " AND name = ?", BucketsTable::bucket, tenant.value(), name.value());
      memo.rows.put(name, known);
    }
    return known;
  }

  @Override
  public boolean exists(BucketName name) {
    return find(name).isPresent();
  }

  @Override
  public List<Bucket> list() {
    return sql.list(
        WITH_USAGE + " ORDER BY name", BucketsTable::bucket, tenant.value());
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
    memo.rows.clear();
    sql.update(
        "DELETE FROM buckets WHERE tenant_id = ? AND name = ?", tenant.value(), name.value());
  }

  @Override
  public void setVersioning(BucketName name, Versioning versioning) {
    memo.rows.clear();
    sql.update(
        "UPDATE buckets SET versioning = ? WHERE tenant_id = ? AND name = ?", versioning.wire(), tenant.value(), name.value());
  }

  @Override
  public void setLifecycle(BucketName name, Lifecycle lifecycle) {
    memo.rows.clear();
    sql.update(
        "UPDATE buckets SET lifecycle = ?, lifecycle_walks = NULL WHERE tenant_id = ? AND name = ?", lifecycle.encode(), tenant.value(), name.value());
  }

  @Override
  public void setCors(BucketName name, dev.silo.core.domain.CorsRules cors) {
    memo.rows.clear();
    sql.update("UPDATE buckets SET cors = ? WHERE tenant_id = ? AND name = ?", cors.encode(), tenant.value(), name.value());
  }

  @Override
  public dev.silo.core.domain.LifecycleWalks walks(BucketName name) {
    return sql.first(
            "SELECT lifecycle_walks FROM buckets WHERE tenant_id = ? AND name = ?",
            row -> dev.silo.core.domain.LifecycleWalks.decode(row.getString(1)),
            tenant.value(),
            name.value())
        .orElse(dev.silo.core.domain.LifecycleWalks.NONE);
  }

  @Override
  public void setWalks(BucketName name, dev.silo.core.domain.LifecycleWalks walks) {
    sql.update(
        "UPDATE buckets SET lifecycle_walks = ? WHERE tenant_id = ? AND name = ?", walks.encode(), tenant.value(), name.value());
  }

  @Override
  public void setObjectLock(BucketName name, ObjectLock.Configuration objectLock) {
    memo.rows.clear();
    sql.update(
        "UPDATE buckets SET object_lock = ? WHERE tenant_id = ? AND name = ?", objectLock.encode(), tenant.value(), name.value());
  }

  @Override
  public void setTags(BucketName name, BucketTags tags) {
    memo.rows.clear();
    sql.update("UPDATE buckets SET tags = ? WHERE tenant_id = ? AND name = ?", tags.encode(), tenant.value(), name.value());
  }

  private static Bucket bucket(ResultSet row) throws SQLException {
    long created = row.getLong("created_at");
    return new Bucket(
        new BucketName(row.getString("name")),
        row.wasNull() ? null : Instant.ofEpochMilli(created),
        new Usage(row.getLong("used_bytes"), row.getLong("used_objects")),
        Versioning.parse(row.getString("versioning")),
        Lifecycle.decode(row.getString("lifecycle")),
        ObjectLock.Configuration.decode(row.getString("object_lock")),
        BucketTags.decode(row.getString("tags")),
        dev.silo.core.domain.CorsRules.decode(row.getString("cors")));
  }
}
