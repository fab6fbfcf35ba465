package dev.silo.testkit.memory;

import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.Usage;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.spi.TenantRecords;
import java.time.Instant;
import java.util.Map;

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

  @Override
  public long pendingBytes() {
    return tables.reservations.entrySet().stream()
        .filter(e -> e.getKey().tenant().equals(tenant))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  @Override
  public long reserved(String uploadId) {
    return tables.reservations.getOrDefault(new Tables.TenantKey(tenant, uploadId), 0L);
  }

  @Override
  public void reserve(String uploadId, long bytes, Instant now) {
    get();
    tables.reservations.put(new Tables.TenantKey(tenant, uploadId), bytes);
  }

  @Override
  public long release(String uploadId) {
    Long held = tables.reservations.remove(new Tables.TenantKey(tenant, uploadId));
    return held == null ? 0 : held;
  }

  static NotFoundException notFound() {
    return new NotFoundException("tenant_not_found", "tenant not found");
  }
}
