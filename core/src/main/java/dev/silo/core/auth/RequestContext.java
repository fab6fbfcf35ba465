package dev.silo.core.auth;

import dev.silo.core.domain.Scope;
import dev.silo.core.domain.TenantId;
import dev.silo.core.error.ForbiddenException;
import dev.silo.core.error.NotFoundException;
import java.util.Set;

/**
 * The caller of one request, as authentication established it. Only {@link Authenticator} can
 * make one (the constructor is private to this package), so a service that receives a context
 * knows its tenant came from a verified credential and never from a path, body or header.
 */
public final class RequestContext {
  private final TenantId tenant;
  private final Principal principal;
  private final Set<Scope> scopes;
  private final String requestId;
  private final String source;

  RequestContext(TenantId tenant, Principal principal, Set<Scope> scopes, String requestId, String source) {
    this.tenant = tenant;
    this.principal = principal;
    this.scopes = Set.copyOf(scopes);
    this.requestId = requestId;
    this.source = source;
  }

  /** The tenant every tenant-facing operation is scoped to. Operators acting on no tenant have none. */
  public TenantId tenant() {
    if (tenant == null) {
      throw new NotFoundException("tenant_not_found", "no tenant selected");
    }
    return tenant;
  }

  public boolean hasTenant() {
    return tenant != null;
  }

  public Principal principal() {
    return principal;
  }

  public boolean isOperator() {
    return principal instanceof Principal.Operator;
  }

  public Set<Scope> scopes() {
    return scopes;
  }

  public String requestId() {
    return requestId;
  }

  /** The client's address, for the audit log. */
  public String source() {
    return source;
  }

  public String actor() {
    return principal.actor();
  }

  /** Throws 403 unless the credential carries the scope. */
  public void require(Scope scope) {
    if (!scopes.contains(scope)) {
      throw new ForbiddenException(
          "insufficient_scope", "this credential lacks the " + scope.wire() + " scope");
    }
  }

  @Override
  public String toString() {
    return "RequestContext[tenant=" + tenant + ", actor=" + actor() + ", request=" + requestId + "]";
  }
}
