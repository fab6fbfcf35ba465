package dev.silo.core.audit;

import java.time.Instant;

/**
 * One line of the append-only audit log. {@code id} is assigned by the store (0 before insert).
 * {@code tenant} is the tenant id, or null for operator actions on no tenant.
 */
public record AuditRecord(
    long id,
    String tenant,
    Instant time,
    String actor,
    String action,
    String target,
    String outcome,
    String requestId,
    String source) {}
