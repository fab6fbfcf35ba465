package dev.silo.core.audit;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.Scope;
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
}
