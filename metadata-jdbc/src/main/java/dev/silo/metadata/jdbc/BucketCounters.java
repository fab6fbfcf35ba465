package dev.silo.metadata.jdbc;

import dev.silo.core.domain.TenantId;
import java.util.Map;
import java.util.TreeMap;

/**
 * The changes one unit of work made to its buckets' usage (bytes and count of ready objects),
 * written to {@code buckets} once, just before the unit of work ends. Deferred rather than written
 * with each object row: the tenant row is locked first (its quota check and its usage update), then
 * the bucket rows in name order, so two writers never take the two locks in opposite orders.
 */
final class BucketCounters {
  private final TenantId tenant;
  private final Map<String, long[]> deltas = new TreeMap<>();

  BucketCounters(TenantId tenant) {
    this.tenant = tenant;
  }

  /** A row that counts (ready) entered or left {@code bucket}; negative size for one that left. */
  void add(String bucket, long bytes, long objects) {
    long[] d = deltas.computeIfAbsent(bucket, b -> new long[2]);
    d[0] += bytes;
    d[1] += objects;
  }

  /**
   * Writes the deltas (with the unit of work's commit: nothing reads the counts changed); a bucket
   * deleted in the same unit of work simply matches no row.
   */
  void flush(Sql sql) {
    for (Map.Entry<String, long[]> e : deltas.entrySet()) {
      long[] d = e.getValue();
      if (d[0] != 0 || d[1] != 0) {
        sql.later(
            "UPDATE buckets SET used_bytes = used_bytes + ?, used_objects = used_objects + ?"
                + " WHERE tenant_id = ? AND name = ?",
            d[0],
            d[1],
            tenant.value(),
            e.getKey());
      }
    }
    deltas.clear();
  }
}
