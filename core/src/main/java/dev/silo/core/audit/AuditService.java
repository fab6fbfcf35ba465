package dev.silo.core.audit;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.error.ForbiddenException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.support.Positions;
import java.time.Instant;
import java.util.List;

/**
 * Reading the audit log: a tenant its own records. There is no way to edit or delete one. Record
 * ids and cursors are shown opaque, per viewer ({@link Positions}): the store numbers records from
 * one sequence for all tenants.
 */
public final class AuditService {
  private final MetadataStore metadata;
  private final Positions positions;

  public AuditService(MetadataStore metadata, Positions positions) {
    this.metadata = metadata;
    this.positions = positions;
  }

  /** A page of records after {@code cursor} (null: from the oldest kept). */
  public List<AuditRecord> page(RequestContext ctx, String cursor, Instant since, String action, int limit) {
    ctx.require(Scope.ADMIN);
    long afterId = afterId(ctx, cursor);
    return metadata.inTenant(ctx.tenant(), tx -> tx.journal().auditPage(afterId, since, action, limit));
  }

  /** The id of a record, and the cursor after it, as {@code ctx} sees them. */
  public String idOf(RequestContext ctx, AuditRecord r) {
    return positions.encode(Positions.Kind.AUDIT, viewer(ctx), r.id());
  }

  private long afterId(RequestContext ctx, String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return 0L;
    }
    return positions
        .decode(Positions.Kind.AUDIT, viewer(ctx), cursor)
        .orElseThrow(() -> new InvalidInputException("invalid_cursor", "cursor must be a next_cursor of this audit log"));
  }

  private static String viewer(RequestContext ctx) {
    return ctx.hasTenant() ? ctx.tenant().value() : Positions.OPERATOR;
  }

  /**
   * The operator's view: every record (tenants', operator actions, failed authentications), or one
   * tenant's when {@code tenant} (a slug) is given.
   */
  public List<AuditRecord> pageAll(
      RequestContext ctx, TenantSlug tenant, String cursor, Instant since, String action, int limit) {
    if (!ctx.isOperator()) {
      throw new ForbiddenException("operator_only", "this needs the operator token");
    }
    long afterId = afterId(ctx, cursor);
    return metadata.global(
        tx -> {
          String id = null;
          if (tenant != null) {
            id = tx.tenants().findBySlug(tenant).orElseThrow(() -> new NotFoundException("tenant_not_found", "no such tenant")).id().value();
          }
          return tx.journal().auditPage(id, afterId, since, action, limit);
        });
  }
}
