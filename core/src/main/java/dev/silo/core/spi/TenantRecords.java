package dev.silo.core.spi;

import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.Usage;
import java.time.Instant;

/** The bound tenant's own row and usage counters. */
public interface TenantRecords {
  /** The tenant row; the store guarantees it exists for the transaction's tenant or throws. */
  Tenant get();

  /**
   * The tenant's slug, which never changes for a tenant (so a store may answer without reading the
   * row, if it has read it before); throws as {@link #get} does when it does read.
   */
  default TenantSlug slug() {
    return get().slug();
  }

  Usage usage();

  /** Adds the deltas (possibly negative) to the tenant's usage counters. */
  void addUsage(long bytesDelta, long objectsDelta);

  /** Bytes held by the tenant's unfinished uploads: the sum of every upload's reservation. */
  long pendingBytes();

  /** The bytes reserved for one upload, 0 when it holds none. */
  long reserved(String uploadId);

  /** Sets one upload's reservation to {@code bytes} (created at {@code now} when it is new). */
  void reserve(String uploadId, long bytes, Instant now);

  /** Removes one upload's reservation; returns the bytes it held (0 when none). */
  long release(String uploadId);
}
