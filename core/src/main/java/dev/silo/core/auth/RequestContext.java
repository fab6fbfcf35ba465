package dev.silo.core.auth;

import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.TenantId;
import dev.silo.core.error.ForbiddenException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.signing.SignedClaims;
import java.util.Optional;
import java.util.Set;

/**
 * The caller of one request, as authentication established it. Only {@link Authenticator} can
 * make one (the constructor is private to this package), so a service that receives a context
 * knows its tenant came from a verified credential and never from a path, body or header.
 */
public final class RequestContext {
  /**
   * What a signed URL or upload token grants, as verified against the request: its claims, and the
   * token itself, opaque, for an answer that must hand it back (a TUS upload's Location).
   */
  public record Grant(SignedClaims claims, String token) {}

  private final TenantId tenant;
  private final Principal principal;
  private final Set<Scope> scopes;
  private final String requestId;
  private final String source;
  private final BucketName bucketScope;
  private final Lineage lineage;
  private final Grant grant;

  RequestContext(
      TenantId tenant, Principal principal, Set<Scope> scopes, String requestId, String source, Lineage lineage) {
    this(tenant, principal, scopes, requestId, source, null, lineage, null);
  }

  RequestContext(
      TenantId tenant, Principal principal, Set<Scope> scopes, String requestId, String source, BucketName bucketScope,
      Lineage lineage, Grant grant) {
    this.bucketScope = bucketScope;
    this.lineage = java.util.Objects.requireNonNull(lineage);
    this.grant = grant;
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

  /** Refuses a request that does not carry the operator token: 403 {@code operator_only}. */
  public void requireOperator() {
    if (!isOperator()) {
      throw new ForbiddenException("operator_only", "this needs the operator token");
    }
  }

  /** Throws 403 unless the credential carries the scope. */
  public void require(Scope scope) {
    if (!scopes.contains(scope)) {
      throw new ForbiddenException(
          "insufficient_scope", "this credential lacks the " + scope.wire() + " scope");
    }
  }

  /**
   * The credential this request's authority comes from; what a token minted by this request
   * records as its issuer, so that it dies with that credential.
   */
  public Lineage lineage() {
    return lineage;
  }

  /** What the signed URL or upload token of this request grants; empty for any other credential. */
  public Optional<Grant> grant() {
    return Optional.ofNullable(grant);
  }

  /**
   * The scopes a credential created by this caller gets: the caller's own when none are asked for,
   * else those asked for, each of which the caller must hold (403 otherwise), so that no
   * credential ever grows out of the one that made it. The operator holds every scope.
   */
  public Set<Scope> delegable(Set<Scope> requested) {
    if (requested == null || requested.isEmpty()) {
      return scopes;
    }
    for (Scope s : requested) {
      if (!scopes.contains(s)) {
        throw new ForbiddenException(
            "insufficient_scope", "a credential cannot be given the " + s.wire() + " scope, which its creator lacks");
      }
    }
    return Set.copyOf(requested);
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
