package dev.silo.core.audit;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.support.Positions;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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

  /**
   * The slugs of the tenants a page of the operator's view names, by tenant id: the log keeps ids
   * (a slug may be reused after its tenant is deleted), the operator knows tenants by slug. A
   * deleted tenant has none.
   */
  public Map<String, String> tenantSlugs(RequestContext ctx, List<AuditRecord> page) {
    ctx.requireOperator();
    Set<TenantId> ids = new HashSet<>();
    page.stream().map(AuditRecord::tenant).filter(Objects::nonNull).forEach(id -> ids.add(new TenantId(id)));
    if (ids.isEmpty()) {
      return Map.of();
    }
    Map<String, String> slugs = new HashMap<>();
    metadata.global(tx -> tx.tenants().slugs(ids)).forEach((id, slug) -> slugs.put(id.value(), slug.value()));
    return slugs;
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
    ctx.requireOperator();
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
