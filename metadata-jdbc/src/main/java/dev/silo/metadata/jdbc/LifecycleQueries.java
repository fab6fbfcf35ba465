package dev.silo.metadata.jdbc;

import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.Lifecycle;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.Usage;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.spi.LifecycleRepository;
import java.time.Instant;
import java.util.List;

/** The lifecycle sweeper's queries across tenants (a global transaction). */
final class LifecycleQueries implements LifecycleRepository {
  private final Sql sql;

  LifecycleQueries(Sql sql) {
    this.sql = sql;
  }

  /**
   * The sweeper's candidate queries. Each has an index of V10; the conditions of the partial ones
   * ({@code objects_tmp_by_age}, {@code objects_pending_by_age}) are spelled exactly as there:
   * both databases use a partial index only for a query that states its condition. A key range
   * rather than LIKE: keys compare by their bytes on both databases.
   */
  static final String TMP_OBJECTS =
      "SELECT tenant_id, id FROM objects WHERE status = 'ready' AND object_key >= '" + TMP_PREFIX + "'"
          + " AND object_key < '" + ObjectFilter.upperBound(TMP_PREFIX) + "' AND created_at < ? ORDER BY created_at, id LIMIT ?";

  static final String PENDING_OBJECTS =
      "SELECT tenant_id, id FROM objects WHERE status = 'pending' AND created_at < ? ORDER BY created_at, id LIMIT ?";

  static final String MULTIPART_UPLOADS =
      "SELECT tenant_id, id FROM multipart_uploads WHERE created_at < ? ORDER BY created_at, id LIMIT ?";

  @Override
  public List<Candidate> tmpObjects(Instant before, int limit) {
    return sql.list(TMP_OBJECTS, LifecycleQueries::candidate, before, limit);
  }

  @Override
  public List<Candidate> pendingObjects(Instant before, int limit) {
    return sql.list(PENDING_OBJECTS, LifecycleQueries::candidate, before, limit);
  }

  @Override
  public List<Candidate> multipartUploads(Instant before, int limit) {
    return sql.list(MULTIPART_UPLOADS, LifecycleQueries::candidate, before, limit);
  }

  @Override
  public List<Candidate> idleS3Credentials(Instant before, int limit) {
    return sql.list(
        "SELECT tenant_id, access_key_id FROM s3_credentials WHERE revoked_at IS NULL"
            + " AND COALESCE(last_used_at, created_at) < ? ORDER BY COALESCE(last_used_at, created_at), access_key_id LIMIT ?",
        LifecycleQueries::candidate,
        before,
        limit);
  }

  @Override
  public List<TenantId> tenantsAfter(String after, int limit) {
    return sql.list(
        "SELECT id FROM tenants WHERE id > ? ORDER BY id LIMIT ?", row -> new TenantId(row.getString(1)), after, limit);
  }

  @Override
  public List<RuledBucket> ruledBuckets() {
    return sql.list(
        "SELECT tenant_id, name, lifecycle FROM buckets WHERE lifecycle IS NOT NULL ORDER BY tenant_id, name",
        row -> new RuledBucket(new TenantId(row.getString(1)), new BucketName(row.getString(2)), Lifecycle.decode(row.getString(3))));
  }

  @Override
  public Reconciled reconcileUsage(TenantId tenant) {
    Usage before =
        sql.first(
                "SELECT used_bytes, used_objects FROM tenants WHERE id = ?" + sql.dialect().lockForUpdate(),
                Rows::usage,
                tenant.value())
            .orElseThrow(() -> new NotFoundException("tenant_not_found", "no such tenant"));
    // read after the lock: a writer that changed usage has committed, one that has not yet waits
    Usage current =
        sql.first(
                "SELECT COALESCE(SUM(size), 0), COUNT(*) FROM objects WHERE tenant_id = ? AND status = 'ready'",
                Rows::usage,
                tenant.value())
            .orElse(Usage.ZERO);
    Usage noncurrent = new VersionsTable(tenant, sql, null).noncurrentUsage();
    Usage actual = new Usage(current.bytes() + noncurrent.bytes(), current.objects() + noncurrent.objects());
    if (!actual.equals(before)) {
      sql.update(
          "UPDATE tenants SET used_bytes = ?, used_objects = ? WHERE id = ?", actual.bytes(), actual.objects(), tenant.value());
    }
    // the buckets' counters too, under the same lock (writers lock the tenant row before them)
    sql.update(
        "UPDATE buckets SET"
            + " used_bytes = (SELECT COALESCE(SUM(o.size), 0) FROM objects o WHERE o.tenant_id = buckets.tenant_id"
            + " AND o.bucket = buckets.name AND o.status = 'ready')"
            + " + (SELECT COALESCE(SUM(v.size), 0) FROM object_versions v WHERE v.tenant_id = buckets.tenant_id"
            + " AND v.bucket = buckets.name AND v.is_delete_marker = ?),"
            + " used_objects = (SELECT COUNT(*) FROM objects o WHERE o.tenant_id = buckets.tenant_id"
            + " AND o.bucket = buckets.name AND o.status = 'ready')"
            + " + (SELECT COUNT(*) FROM object_versions v WHERE v.tenant_id = buckets.tenant_id"
            + " AND v.bucket = buckets.name AND v.is_delete_marker = ?)"
            + " WHERE tenant_id = ?",
        false,
        false,
        tenant.value());
    String orphans =
        " FROM reservations r WHERE r.tenant_id = ?"
            + " AND NOT EXISTS (SELECT 1 FROM multipart_uploads m WHERE m.tenant_id = r.tenant_id AND m.id = r.upload_id)"
            + " AND NOT EXISTS (SELECT 1 FROM resumable_uploads u WHERE u.tenant_id = r.tenant_id AND u.id = r.upload_id"
            + " AND u.completed_at IS NULL)"
            + " AND NOT EXISTS (SELECT 1 FROM objects o WHERE o.tenant_id = r.tenant_id AND o.id = r.upload_id"
            + " AND o.status = 'pending')";
    long orphaned = sql.first("SELECT COALESCE(SUM(r.bytes), 0)" + orphans, row -> row.getLong(1), tenant.value()).orElse(0L);
    if (orphaned > 0) {
      sql.update("DELETE FROM reservations WHERE tenant_id = ? AND upload_id IN (SELECT r.upload_id" + orphans + ")",
          tenant.value(), tenant.value());
    }
    return new Reconciled(tenant, before, actual, orphaned);
  }

  private static Candidate candidate(java.sql.ResultSet row) throws java.sql.SQLException {
    return new Candidate(new TenantId(row.getString(1)), row.getString(2));
  }
}
