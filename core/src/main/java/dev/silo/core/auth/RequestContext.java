package dev.silo.core.auth;

import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.TenantId;
import dev.silo.core.error.ForbiddenException;
import dev.silo.core.error.NotFoundException;
import java.util.Optional;
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
  private final BucketName bucketScope;

  RequestContext(TenantId tenant, Principal principal, Set<Scope> scopes, String requestId, String source) {
    this(tenant, principal, scopes, requestId, source, null);
  }

  RequestContext(
      TenantId tenant, Principal principal, Set<Scope> scopes, String requestId, String source, BucketName bucketScope) {
    this.bucketScope = bucketScope;
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

  /** The one bucket a bucket-scoped credential may reach; empty when it may reach all. */
  public Optional<BucketName> bucketScope() {
    return Optional.ofNullable(bucketScope);
  }

  /** Throws 403 when the credential is scoped to another bucket. */
  public void requireBucket(BucketName bucket) {
    if (bucketScope != null && !bucketScope.equals(bucket)) {
      throw new ForbiddenException("bucket_out_of_scope", "this credential is limited to another bucket");
    }
  }

  @Override
  public String toString() {
    return "RequestContext[tenant=" + tenant + ", actor=" + actor() + ", request=" + requestId + "]";
  }
}
