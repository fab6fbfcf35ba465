package dev.silo.metadata.jdbc;

import dev.silo.core.domain.ListingFields;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.LifecycleRule;
import dev.silo.core.domain.CommonPrefix;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.TenantId;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.spi.DuplicateException;
import dev.silo.core.spi.ObjectRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The bound tenant's rows of {@code objects}. */
final class ObjectsTable implements ObjectRepository {
  private static final String SELECT =
      "SELECT " + Rows.OBJECT_COLUMNS + " FROM objects WHERE tenant_id = ?";
  private static final List<String> COLUMNS = List.of(Rows.OBJECT_COLUMNS.split(",\\s*"));
  // the inline blob's bytes after the row's columns; a blob in the blob store finds none
  private static final String SELECT_WITH_INLINE =
      "SELECT " + Rows.OBJECT_COLUMNS + ", (SELECT bytes FROM inline_blobs"
          + " WHERE inline_blobs.tenant_id = objects.tenant_id AND inline_blobs.name = objects.blob_name)"
          + " FROM objects WHERE tenant_id = ? AND bucket = ? AND object_key = ?";
  private static final String INSERT =
      "INSERT INTO objects (tenant_id, " + Rows.OBJECT_COLUMNS + ") VALUES (?"
          + ", ?".repeat(COLUMNS.size()) + ") ON CONFLICT DO NOTHING";
  // SET takes every column but the id (the first); the id and the tenant go to WHERE
  private static final String UPDATE =
      "UPDATE objects SET "
          + String.join(", ", COLUMNS.subList(1, COLUMNS.size()).stream().map(c -> c + " = ?").toList())
          + " WHERE tenant_id = ? AND id = ?";

  private final TenantId tenant;
  private final Sql sql;
  private final BucketCounters counters;

  ObjectsTable(TenantId tenant, Sql sql, BucketCounters counters) {
    this.tenant = tenant;
    this.sql = sql;
    this.counters = counters;
  }

  @Override
  public Optional<ObjectInfo> find(BucketName bucket, ObjectKey key) {
    return sql.first(
        SELECT + " AND bucket = ? AND object_key = ?",
        Rows::object,
        tenant.value(),
        bucket.value(),
        key.value());
  }

  @Override
  public Optional<WithInline> findWithInline(BucketName bucket, ObjectKey key) {
    return sql.first(
        SELECT_WITH_INLINE,
        row -> new WithInline(Rows.object(row), row.getBytes(COLUMNS.size() + 1)),
        tenant.value(),
        bucket.value(),
        key.value());
  }

  @Override
  public Optional<ObjectInfo> find(ObjectId id) {
    return sql.first(SELECT + " AND id = ?", Rows::object, tenant.value(), id.value());
  }

  /**
   * ON CONFLICT keeps a PostgreSQL transaction usable after a duplicate, as SQLite's is. Deferred
   * ({@link Sql#later(Sql.Changed, String, Object...)}): a duplicate fails the unit of work at its
   * next statement or its commit.
   */
  @Override
  public void insert(ObjectInfo object) {
    Object[] values = Rows.objectValues(object);
    Object[] args = new Object[values.length + 1];
    args[0] = tenant.value();
    System.arraycopy(values, 0, args, 1, values.length);
    sql.later(
        Sql.Changed.atLeastOne(() -> new DuplicateException("an object with this key or id already exists")),
        INSERT,
        args);
    count(object.bucket().value(), object.size(), object.ready(), 1);
  }

  @Override
  public void update(ObjectInfo object) {
    Optional<Counted> before = counted(object.id());
    Object[] values = Rows.objectValues(object);
    Object[] args = new Object[values.length + 1];
    System.arraycopy(values, 1, args, 0, values.length - 1);
    args[values.length - 1] = tenant.value();
    args[values.length] = object.id().value();
    int changed = sql.update(UPDATE, args);
    if (changed == 0) {
      throw new NotFoundException("object_not_found", "object not found");
    }
    before.ifPresent(b -> count(b.bucket(), b.size(), b.ready(), -1));
    count(object.bucket().value(), object.size(), object.ready(), 1);
  }

  @Override
  public void delete(ObjectId id) {
    Optional<Counted> before = counted(id);
    if (sql.update("DELETE FROM objects WHERE tenant_id = ? AND id = ?", tenant.value(), id.value()) > 0) {
      before.ifPresent(b -> count(b.bucket(), b.size(), b.ready(), -1));
    }
  }

  /** What a row contributes to its bucket's usage, read before the row changes. */
  private record Counted(String bucket, long size, boolean ready) {}

  /** Locked on PostgreSQL, so that no other writer changes the row between this read and ours. */
  private Optional<Counted> counted(ObjectId id) {
    return sql.first(
        "SELECT bucket, size, status FROM objects WHERE tenant_id = ? AND id = ?"
            + sql.dialect().lockForUpdate(),
        row -> new Counted(row.getString(1), row.getLong(2), "ready".equals(row.getString(3))),
        tenant.value(),
        id.value());
  }

  private void count(String bucket, long size, boolean ready, int sign) {
    if (ready) {
      counters.add(bucket, sign * size, sign);
    }
  }

  @Override
  public List<ObjectInfo> scan(BucketName bucket, String after, boolean inclusive, int limit) {
    return range(rangeQuery(SELECT, inclusive), Rows::object, bucket, after, limit);
  }

  /** As {@link #scan}, in the columns a listing of {@code fields} reads ({@link Rows#listedColumns}). */
  @Override
  public List<ObjectInfo> page(BucketName bucket, String after, boolean inclusive, int limit, ListingFields fields) {
    return range(pageQuery(inclusive, fields), row -> Rows.listed(row, bucket, fields), bucket, after, limit);
  }

  /** Served by the unique index on (tenant_id, bucket, object_key): a range scan, no sort. */
  private List<ObjectInfo> range(
      String query, Sql.RowMapper<ObjectInfo> row, BucketName bucket, String after, int limit) {
    return sql.list(query, row, tenant.value(), bucket.value(), after == null ? "" : after, limit);
  }

  /** The listing's query; its plan is checked by the stores' tests. */
  static String pageQuery(boolean inclusive, ListingFields fields) {
    return rangeQuery("SELECT " + Rows.listedColumns(fields) + " FROM objects WHERE tenant_id = ?", inclusive);
  }

  private static String rangeQuery(String select, boolean inclusive) {
    return select
        + " AND bucket = ? AND status = 'ready' AND object_key "
        + (inclusive ? ">=" : ">")
        + " ? ORDER BY object_key LIMIT ?";
  }

  /**
   * A delimited listing's keys in one statement: a recursive walk of the (tenant_id, bucket,
   * object_key) index, each step one seek from the key before (past it, or past every key of its
   * common prefix), then the rows of the walked keys the listing shows as objects. On PostgreSQL
   * a page of 1,000 folders took 1,000 round trips before (130-150 ms at 10 million objects,
   * docs/scaling.md); in one statement the same seeks took 12-17 ms in psql. Lengths and
   * positions count characters, as SQL does.
   *
   * <p>Each seek has one lower bound, so that it is the index range's start on both databases:
   * given a second one ({@code > key} beside {@code >= bound}), SQLite started the range at the
   * first and read every key under each common prefix. The bound is a sub-select so that
   * PostgreSQL computes it before the seek: written into the seek's condition, its {@code substr}
   * and {@code strpos}, not leak-proof, had to wait for the row-security filter, and the bound
   * became a filter over every key under the prefix (204 ms against 21 for a page of 1,000 common
   * prefixes of 100 keys each, docs/scaling.md).
   *
   * <p>A key under a common prefix joins by a null key, which finds no row: a page of 1,000 common
   * prefixes read 1,001 rows of twenty columns it did not show, a third of the statement's time in
   * pgbench (docs/scaling.md). The key to join is computed in a CTE of its own: beside the join's key,
   * PostgreSQL checked the condition only after each lookup, and within it, its {@code substr}
   * and {@code strpos} kept the row-security filter from letting the key into the index scan, so
   * PostgreSQL hashed the tenant's every row.
   */
  @Override
  public List<Visit> walk(
      BucketName bucket, String after, boolean inclusive, String prefix, String delimiter, int limit,
      ListingFields fields) {
    int last = delimiter.codePointBefore(delimiter.length());
    if (last == Character.MAX_CODE_POINT) {
      // past a common prefix ending in U+10FFFF the code point before it is bumped: not this SQL's
      return ObjectRepository.super.walk(bucket, after, inclusive, prefix, delimiter, limit, fields);
    }
    int prefixLength = prefix.codePointCount(0, prefix.length());
    int delimiterLength = delimiter.codePointCount(0, delimiter.length());
    // the delimiter's last code point, bumped as CommonPrefix.past bumps it
    String bump = CommonPrefix.past(delimiter).substring(delimiter.length() - Character.charCount(last));
    return sql.list(
        walkQuery(sql.dialect(), inclusive, fields),
        row -> Rows.visit(row, bucket, fields),
        tenant.value(), bucket.value(), after == null ? "" : after,
        tenant.value(), bucket.value(),
        prefixLength + 1, delimiter, prefixLength + delimiterLength - 2, prefixLength + 1, delimiter, bump,
        PAST_KEY, limit, prefixLength, prefix,
        prefixLength, prefix, prefixLength + 1, delimiter,
        tenant.value(), bucket.value());
  }

  /**
   * Appended to a key, the least string past it: keys hold no control characters (and PostgreSQL's
   * text no NUL), so no key lies between the two.
   */
  private static final String PAST_KEY = "\u0001";

  /** The listed columns of the rows joined to the walk's keys, from its join's {@code o}. */
  private static String walkedColumns(ListingFields fields) {
    return fields == ListingFields.FULL ? WALKED_COLUMNS : WALKED_SUMMARY_COLUMNS;
  }

  private static final String WALKED_COLUMNS = Rows.LISTED_COLUMNS.replaceAll("(^|, )", "$1o.");
  private static final String WALKED_SUMMARY_COLUMNS = Rows.SUMMARY_COLUMNS.replaceAll("(^|, )", "$1o.");

  /** The walk; its plan is checked by the stores' tests like the listing's. */
  static String walkQuery(Dialect dialect, boolean inclusive, ListingFields fields) {
    String cut = dialect.position("substr(w.object_key, ?)", "?");
    return "WITH RECURSIVE walk(object_key, n) AS ("
        + " SELECT (SELECT object_key FROM objects WHERE tenant_id = ? AND bucket = ? AND status = 'ready'"
        + " AND object_key " + (inclusive ? ">=" : ">") + " ? ORDER BY object_key LIMIT 1), 1"
        + " UNION ALL"
        + " SELECT (SELECT o.object_key FROM objects o WHERE o.tenant_id = ? AND o.bucket = ? AND o.status = 'ready'"
        // past the common prefix the key falls under (the prefix's characters up to its last, bumped),
        // or past the key; one lower bound, computed once per seek in a sub-select (see above)
        + " AND o.object_key >= (SELECT CASE WHEN " + cut + " > 0"
        + " THEN substr(w.object_key, 1, ? + " + cut + ") || ? ELSE w.object_key || ? END)"
        + " ORDER BY o.object_key LIMIT 1), w.n + 1"
        + " FROM walk w WHERE w.object_key IS NOT NULL AND w.n < ? AND substr(w.object_key, 1, ?) = ?)"
        // the key again when the listing shows it as an object, else null, which joins no row;
        // computed apart from the join (see above)
        + ", visited AS MATERIALIZED (SELECT object_key, n, CASE WHEN substr(object_key, 1, ?) = ?"
        + " AND " + dialect.position("substr(object_key, ?)", "?") + " = 0 THEN object_key END AS shown"
        + " FROM walk WHERE object_key IS NOT NULL)"
        + " SELECT w.object_key, " + walkedColumns(fields)
        // LEFT JOIN keeps the walk as the outer loop on SQLite, as CROSS JOIN did (with JOIN it
        // read the whole bucket's index and probed the walk)
        + " FROM visited w LEFT JOIN objects o"
        + " ON o.tenant_id = ? AND o.bucket = ? AND o.object_key = w.shown"
        + " ORDER BY w.n";
  }

  @Override
  public long count(BucketName bucket) {
    return sql.first(
            "SELECT COUNT(*) FROM objects WHERE tenant_id = ? AND bucket = ?",
            row -> row.getLong(1),
            tenant.value(),
            bucket.value())
        .orElse(0L);
  }

  /**
   * Two statements, both walking the unique index in key order: the key {@code walk} keys on (the
   * stretch's end), then the stretch's old objects, the rule's conditions applied in the database,
   * so that only what expires is sent.
   */
  @Override
  public Stretch expiring(BucketName bucket, LifecycleRule rule, String after, Instant before, int walk, int limit) {
    ObjectFilter keys = ObjectFilter.keysUnder(rule.prefix());
    String from = after == null ? "" : after;
    String end =
        sql.first(
                "SELECT object_key FROM objects WHERE tenant_id = ? AND bucket = ?" + keys.condition()
                    + " AND object_key > ? ORDER BY object_key LIMIT 1 OFFSET ?",
                row -> row.getString(1),
                keys.around(List.of(tenant.value(), bucket.value()), from, walk - 1))
            .orElse(null);
    ObjectFilter covered = ObjectFilter.coveredBy(rule, sql.dialect());
    List<ObjectInfo> found =
        sql.list(
            SELECT + " AND bucket = ?" + covered.condition() + " AND object_key > ?" + (end == null ? "" : " AND object_key <= ?")
                + " AND status = 'ready' AND updated_at < ? ORDER BY object_key LIMIT ?",
            Rows::object,
            end == null
                ? covered.around(List.of(tenant.value(), bucket.value()), from, before, limit)
                : covered.around(List.of(tenant.value(), bucket.value()), from, end, before, limit));
    return new Stretch(found, found.size() == limit ? found.getLast().key().value() : end);
  }

  @Override
  public List<ObjectInfo> anyInBucket(BucketName bucket, int limit) {
    return sql.list(
        SELECT + " AND bucket = ? ORDER BY object_key LIMIT ?",
        Rows::object,
        tenant.value(),
        bucket.value(),
        limit);
  }
}
