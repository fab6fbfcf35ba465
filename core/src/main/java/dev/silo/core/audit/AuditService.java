package dev.silo.core.audit;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.error.ForbiddenException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.spi.MetadataStore;
import java.time.Instant;
import java.util.List;

/** Reading the audit log: a tenant its own records. There is no way to edit or delete one. */
public final class AuditService {
  private final MetadataStore metadata;

  public AuditService(MetadataStore metadata) {
    this.metadata = metadata;
  }

  public List<AuditRecord> page(RequestContext ctx, long afterId, Instant since, String action, int limit) {
    ctx.require(Scope.ADMIN);
    return metadata.inTenant(ctx.tenant(), tx -> tx.journal().auditPage(afterId, since, action, limit));
  }

  /**
   * The operator's view: every record (tenants', operator actions, failed authentications), or one
   * tenant's when {@code tenant} (a slug) is given.
   */
  public List<AuditRecord> pageAll(
      RequestContext ctx, TenantSlug tenant, long afterId, Instant since, String action, int limit) {
    if (!ctx.isOperator()) {
      throw new ForbiddenException("operator_only", "this needs the operator token");
    }
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
