package dev.silo.testkit.memory;

import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.Usage;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.spi.TenantRecords;

/** The bound tenant's row and usage counters. */
record MemoryTenantRecords(String tenant, Tables tables) implements TenantRecords {
  @Override
  public Tenant get() {
    Tenant row = tables.tenants.get(tenant);
    if (row == null) {
      throw notFound();
    }
    return row;
  }

  @Override
  public Usage usage() {
    get();
    return tables.usage.getOrDefault(tenant, Usage.ZERO);
  }

  @Override
  public void addUsage(long bytesDelta, long objectsDelta) {
    Usage now = usage();
    tables.usage.put(tenant, new Usage(now.bytes() + bytesDelta, now.objects() + objectsDelta));
  }

  static NotFoundException notFound() {
    return new NotFoundException("tenant_not_found", "tenant not found");
  }
}
