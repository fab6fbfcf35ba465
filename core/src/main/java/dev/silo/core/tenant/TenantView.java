package dev.silo.core.tenant;

import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.Usage;

/**
 * A tenant with its current usage, and the bytes its unfinished uploads hold (reserved against
 * {@code max_bytes} until they are published, aborted or expire).
 */
public record TenantView(Tenant tenant, Usage usage, long pendingBytes) {}
