package dev.silo.core.tenant;

import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.Usage;

/**
 * A tenant with its current usage, and the bytes its unfinished uploads hold (reserved against
 * {@code max_bytes} until they are published, aborted or expire). {@code noncurrent}: the part of
 * {@code usage} held by noncurrent versions (null where it was not read: the operator's lists).
 */
public record TenantView(Tenant tenant, Usage usage, long pendingBytes, Usage noncurrent) {
  public TenantView(Tenant tenant, Usage usage, long pendingBytes) {
    this(tenant, usage, pendingBytes, null);
  }
}
