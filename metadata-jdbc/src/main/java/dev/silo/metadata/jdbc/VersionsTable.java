package dev.silo.metadata.jdbc;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.LifecycleRule;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.Usage;
import dev.silo.core.spi.DuplicateException;
import dev.silo.core.spi.StoredVersion;
import dev.silo.core.spi.VersionRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The bound tenant's rows of {@code object_versions} (noncurrent versions and delete markers) and
 * {@code blob_refs}. The object columns are those of {@code objects} ({@link Rows#OBJECT_COLUMNS}),
 * read and written by the same code, so a column added to objects is added here by adding it to
 * the table.
 */
final class VersionsTable implements VersionRepository {
  private static final String COLUMNS = Rows.OBJECT_COLUMNS + ", is_delete_marker, noncurrent_since";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM object_versions WHERE tenant_id = ?";
  private static final int COUNT = COLUMNS.split(",\\s*").length;
  private static final String INSERT =
      "INSERT INTO object_versions (tenant_id, " + COLUMNS + ") VALUES (?" + ", ?".repeat(COUNT)
          + ") ON CONFLICT DO NOTHING";
  private static final String ORDER = " ORDER BY object_key, version_id DESC LIMIT ?";
  /** A version listing's rows: the object's columns it shows, then the version's own two. */
  private static final String LISTED =
      "SELECT " + Rows.LISTED_VERSION_COLUMNS + ", is_delete_marker, noncurrent_since FROM object_versions WHERE tenant_id = ?";
  private static final int LISTED_COUNT = Rows.LISTED_VERSION_COLUMNS.split(",\\s*").length;

  private final TenantId tenant;
  private final Sql sql;
  private final BucketCounters counters;

  VersionsTable(TenantId tenant, Sql sql, BucketCounters counters) {
    this.tenant = tenant;
    this.sql = sql;
    this.counters = counters;
  }

  @Override
  public void insert(StoredVersion v) {
    Object[] values = Rows.objectValues(v.object());
    Object[] args = new Object[values.length + 3];
    args[0] = tenant.value();
    System.arraycopy(values, 0, args, 1, values.length);
    args[values.length + 1] = v.deleteMarker();
    args[values.length + 2] = v.noncurrentSince();
    if (sql.update(INSERT, args) == 0) {
      throw new DuplicateException("this key already has a version of this id");
    }
    if (!v.deleteMarker()) {
      counters.add(v.object().bucket().value(), v.object().size(), 1);
    }
  }

  @Override
  public Optional<StoredVersion> find(BucketName bucket, ObjectKey key, String versionId) {
    return sql.first(
        SELECT + " AND bucket = ? AND object_key = ? AND version_id = ?",
        VersionsTable::row, tenant.value(), bucket.value(), key.value(), versionId);
  }

  @Override
  public Optional<StoredVersion> findNull(BucketName bucket, ObjectKey key) {
    return sql.first(
        SELECT + " AND bucket = ? AND object_key = ? AND null_version = ?",
        VersionsTable::row, tenant.value(), bucket.value(), key.value(), true);
  }

  @Override
  public Optional<StoredVersion> newest(BucketName bucket, ObjectKey key) {
    return sql.first(
        SELECT + " AND bucket = ? AND object_key = ? ORDER BY version_id DESC LIMIT 1",
        VersionsTable::row, tenant.value(), bucket.value(), key.value());
  }

  /** Locked on PostgreSQL, so that two deletions of one version count it out once. */
  @Override
  public void setTags(BucketName bucket, ObjectKey key, String versionId, dev.silo.core.domain.ObjectTags tags) {
    sql.update(
        "UPDATE object_versions SET tags = ? WHERE tenant_id = ? AND bucket = ? AND object_key = ? AND version_id = ?",
        tags.encode(), tenant.value(), bucket.value(), key.value(), versionId);
  }

  @Override
  public void setLock(BucketName bucket, ObjectKey key, String versionId, dev.silo.core.domain.ObjectLock lock) {
    sql.update(
        "UPDATE object_versions SET object_lock = ? WHERE tenant_id = ? AND bucket = ? AND object_key = ? AND version_id = ?",
        lock.encode(), tenant.value(), bucket.value(), key.value(), versionId);
  }

  @Override
  public void delete(BucketName bucket, ObjectKey key, String versionId) {
    Optional<StoredVersion> before =
        sql.first(
            SELECT + " AND bucket = ? AND object_key = ? AND version_id = ?" + sql.dialect().lockForUpdate(),
            VersionsTable::row, tenant.value(), bucket.value(), key.value(), versionId);
    if (before.isEmpty()) {
      return;
    }
    int deleted =
        sql.update(
            "DELETE FROM object_versions WHERE tenant_id = ? AND bucket = ? AND object_key = ? AND version_id = ?",
            tenant.value(), bucket.value(), key.value(), versionId);
    if (deleted > 0 && !before.get().deleteMarker()) {
      counters.add(bucket.value(), -before.get().object().size(), -1);
    }
  }

  /**
   * A range of the version listing's index (V27: tenant, bucket, key, version id newest first), in
   * the columns a listing reads.
   */
  @Override
  public List<StoredVersion> scan(BucketName bucket, String key, String beforeVersion, boolean inclusive, int limit) {
    String k = key == null ? "" : key;
    Sql.RowMapper<StoredVersion> listed = row -> version(Rows.listedVersion(row, bucket), row, LISTED_COUNT);
    if (beforeVersion != null) {
      return sql.list(scanQuery(true, false), listed, tenant.value(), bucket.value(), k, k, beforeVersion, k, limit);
    }
    return sql.list(scanQuery(false, inclusive), listed, tenant.value(), bucket.value(), k, limit);
  }

  /**
   * A version listing's page, in listing order (key ascending, newest version first): after a
   * key, or after a version of a key. The rows after a version are two ranges, the key's older
   * versions and the later keys, which no one bound of an index covers; the bound {@code
   * object_key >= ?} beside them starts the scan at the key. Without it the scan started at the
   * bucket's first key and filtered its way to the cursor, so each page cost as much as every page
   * before it.
   */
  static String scanQuery(boolean afterVersion, boolean inclusive) {
    String range =
        afterVersion
            ? " AND object_key >= ? AND ((object_key = ? AND version_id < ?) OR object_key > ?)"
            : " AND object_key " + (inclusive ? ">=" : ">") + " ?";
    return LISTED + " AND bucket = ?" + range + ORDER;
  }

  @Override
  public List<StoredVersion> anyInBucket(BucketName bucket, int limit) {
    return sql.list(SELECT + " AND bucket = ?" + ORDER, VersionsTable::row, tenant.value(), bucket.value(), limit);
  }

  /** Rows after a position in listing order: later versions of its key, then later keys. */
  private static final String AFTER = " AND object_key >= ? AND ((object_key = ? AND version_id < ?) OR object_key > ?)";
  /** Rows up to a position in listing order, itself included. */
  private static final String UP_TO = " AND object_key <= ? AND ((object_key = ? AND version_id >= ?) OR object_key < ?)";

  /**
   * Two statements, both walking the versions' index in listing order, as {@link
   * ObjectsTable#expiring} does: the row {@code walk} rows on (the stretch's end), then the
   * stretch's versions the rule expires.
   */
  @Override
  public VersionStretch noncurrent(BucketName bucket, LifecycleRule rule, Position after, Instant before, int walk, int limit) {
    List<Object> start = start(after);
    String from = after == null ? "" : AFTER;
    List<Object> head = List.of(tenant.value(), bucket.value());
    Position end = end(bucket, rule.prefix(), after, walk);
    ObjectFilter covered = ObjectFilter.coveredBy(rule, sql.dialect());
    // a marker has neither tags nor size: a rule that filters by them covers none
    String versionsOnly = rule.filtersBeyondPrefix() ? " AND is_delete_marker = FALSE" : "";
    List<Object> upTo = end == null ? List.of() : List.of(end.key(), end.key(), end.versionId(), end.key());
    List<StoredVersion> found =
        sql.list(
            SELECT + " AND bucket = ?" + covered.condition() + versionsOnly + from + (end == null ? "" : UP_TO)
                + " AND noncurrent_since < ? AND (is_delete_marker = ?"
                + " OR EXISTS (SELECT 1 FROM objects o WHERE o.tenant_id = object_versions.tenant_id"
                + " AND o.bucket = object_versions.bucket AND o.object_key = object_versions.object_key)"
                + " OR EXISTS (SELECT 1 FROM object_versions n WHERE n.tenant_id = object_versions.tenant_id"
                + " AND n.bucket = object_versions.bucket AND n.object_key = object_versions.object_key"
                + " AND n.version_id > object_versions.version_id))"
                + ORDER,
            VersionsTable::row,
            covered.around(head, concat(start, concat(upTo, before, false, limit))));
    return new VersionStretch(found, found.size() == limit ? Position.of(found.getLast()) : end);
  }

  /** The row {@code walk} rows after {@code after} under {@code prefix}, in listing order; null past the last. */
  private Position end(BucketName bucket, String prefix, Position after, int walk) {
    ObjectFilter keys = ObjectFilter.keysUnder(prefix);
    return sql.first(
            "SELECT object_key, version_id FROM object_versions WHERE tenant_id = ? AND bucket = ?" + keys.condition()
                + (after == null ? "" : AFTER) + " ORDER BY object_key, version_id DESC LIMIT 1 OFFSET ?",
            row -> new Position(row.getString(1), row.getString(2)),
            keys.around(List.of(tenant.value(), bucket.value()), concat(start(after), walk - 1)))
        .orElse(null);
  }

  /** The parameters of {@link #AFTER} for a position (none from the start). */
  private static List<Object> start(Position after) {
    return after == null ? List.of() : List.of(after.key(), after.key(), after.versionId(), after.key());
  }

  private static Object[] concat(List<Object> first, Object... then) {
    List<Object> all = new java.util.ArrayList<>(first);
    all.addAll(java.util.Arrays.asList(then));
    return all.toArray();
  }

  @Override
  public VersionStretch orphanMarkers(BucketName bucket, String prefix, Position after, int walk, int limit) {
    ObjectFilter under = ObjectFilter.keysUnder(prefix);
    Position end = end(bucket, prefix, after, walk);
    List<Object> upTo = end == null ? List.of() : List.of(end.key(), end.key(), end.versionId(), end.key());
    List<StoredVersion> found =
        sql.list(
            SELECT + " AND bucket = ?" + under.condition() + (after == null ? "" : AFTER) + (end == null ? "" : UP_TO)
                + " AND is_delete_marker = ?"
                + " AND NOT EXISTS (SELECT 1 FROM objects o WHERE o.tenant_id = object_versions.tenant_id"
                + " AND o.bucket = object_versions.bucket AND o.object_key = object_versions.object_key)"
                + " AND NOT EXISTS (SELECT 1 FROM object_versions n WHERE n.tenant_id = object_versions.tenant_id"
                + " AND n.bucket = object_versions.bucket AND n.object_key = object_versions.object_key"
                + " AND n.version_id <> object_versions.version_id)"
                + ORDER,
            VersionsTable::row,
            under.around(List.of(tenant.value(), bucket.value()), concat(start(after), concat(upTo, true, limit))));
    return new VersionStretch(found, found.size() == limit ? Position.of(found.getLast()) : end);
  }

  @Override
  public Usage noncurrentUsage() {
    return sql.first(
            "SELECT COALESCE(SUM(size), 0), COUNT(*) FROM object_versions WHERE tenant_id = ? AND is_delete_marker = ?",
            Rows::usage, tenant.value(), false)
        .orElse(Usage.ZERO);
  }

  @Override
  public void shareBlob(BlobName blob) {
    int changed =
        sql.update("UPDATE blob_refs SET refs = refs + 1 WHERE tenant_id = ? AND blob_name = ?", tenant.value(), blob.value());
    if (changed == 0) {
      sql.update("INSERT INTO blob_refs (tenant_id, blob_name, refs) VALUES (?, ?, ?)", tenant.value(), blob.value(), 2L);
    }
  }

  @Override
  public boolean releaseBlob(BlobName blob) {
    Optional<Long> refs =
        sql.first(
            "SELECT refs FROM blob_refs WHERE tenant_id = ? AND blob_name = ?" + sql.dialect().lockForUpdate(),
            row -> row.getLong(1), tenant.value(), blob.value());
    if (refs.isEmpty()) {
      return false;
    }
    if (refs.get() <= 2) {
      sql.update("DELETE FROM blob_refs WHERE tenant_id = ? AND blob_name = ?", tenant.value(), blob.value());
    } else {
      sql.update("UPDATE blob_refs SET refs = refs - 1 WHERE tenant_id = ? AND blob_name = ?", tenant.value(), blob.value());
    }
    return true;
  }

  private static StoredVersion row(ResultSet row) throws SQLException {
    return version(Rows.object(row), row, COUNT - 2);
  }

  /** A version of {@code object}, whose columns are the row's first {@code objectColumns}; the version's own follow. */
  private static StoredVersion version(ObjectInfo object, ResultSet row, int objectColumns) throws SQLException {
    return new StoredVersion(object, row.getBoolean(objectColumns + 1), Instant.ofEpochMilli(row.getLong(objectColumns + 2)));
  }
}
