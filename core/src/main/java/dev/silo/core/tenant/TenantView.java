package dev.silo.core.tenant;

import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.Usage;

/** A tenant with its current usage. */
public record TenantView(Tenant tenant, Usage usage) {}
