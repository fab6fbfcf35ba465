package dev.silo.core.spi;

import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.Usage;

/** The bound tenant's own row and usage counters. */
public interface TenantRecords {
  /** The tenant row; the store guarantees it exists for the transaction's tenant or throws. */
  Tenant get();

  Usage usage();

  /** Adds the deltas (possibly negative) to the tenant's usage counters. */
  void addUsage(long bytesDelta, long objectsDelta);
}
