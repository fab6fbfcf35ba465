package dev.silo.http;

import dev.silo.core.auth.Authenticator;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.signing.SignedClaims;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.error.ForbiddenException;
import dev.silo.core.error.UnauthenticatedException;
import java.util.Optional;

/**
 * Establishes the caller of a route as its {@link Access} demands: the one place where a request
 * of the REST and TUS protocols becomes a {@link RequestContext}, whatever the credential (API
 * key, JWT, operator token with or without a tenant, signed URL or upload token). The scope the
 * route declares is checked here too, so no handler can forget it, and no handler reads a
 * credential: {@link Exchange} keeps the credential headers and parameters for this class.
 */
final class Authentication {
  /** The header and query parameter that carry credentials; handlers cannot read them. */
  static final String AUTHORIZATION = "Authorization";
  static final String TENANT_HEADER = "x-tenant-id";
  static final String TOKEN = "token";

  private final Authenticator authenticator;

  Authentication(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  void authenticate(Exchange ex, Route route) {
    switch (route.access()) {
      case ANONYMOUS -> {}
      case OPERATOR -> ex.context(operator(ex));
      case OPERATOR_FOR_TENANT -> ex.context(authenticator.actAs(operator(ex), new TenantSlug(ex.param("tenant"))));
      case TENANT -> ex.context(tenant(ex, route));
      case TENANT_OR_OPERATOR -> {
        RequestContext ctx = bearer(ex);
        if (ctx.isOperator() && ex.credentialHeader(TENANT_HEADER).isEmpty()) {
          ex.context(ctx);
        } else {
          ex.context(tenant(ex, route));
        }
      }
      case TENANT_OR_SIGNED -> {
        Optional<String> token = signedToken(ex, route);
        if (token.isPresent()) {
          RequestContext ctx =
              authenticator.signed(token.get(), route.signed().of(ex), ex.requestId(), ex.clientAddress());
          ctx.require(route.scope());
          ex.context(ctx);
        } else {
          ex.context(tenant(ex, route));
        }
      }
    }
  }

  /**
   * A preflight's signed URL or upload token, verified as the request it announces would verify it
   * ({@code route}: the route of that method and path), so that the CORS rules of the bucket it was
   * minted for can answer; empty when it carries none or the token is not good for that route.
   */
  Optional<RequestContext> signedForPreflight(Exchange ex, Route route) {
    try {
      return signedToken(ex, route).map(token -> authenticator.signed(token, route.signed().of(ex), ex.requestId(), ex.clientAddress()));
    } catch (RuntimeException e) {
      return Optional.empty(); // a bad token, bucket or key: the request itself will be refused, with its reason
    }
  }

  /**
   * The claims of the signed URL or upload token of a request refused before its route ran, if
   * its MAC holds (an expired token, or one whose issuer was revoked): for the CORS headers of the
   * refusal only.
   */
  Optional<SignedClaims> refusedClaims(Exchange ex, Route route) {
    try {
      return signedToken(ex, route).flatMap(token -> authenticator.refusedClaims(token, route.signed().of(ex)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The signed URL's or upload token's token, where the route takes one and no other credential came. */
  private static Optional<String> signedToken(Exchange ex, Route route) {
    if (route.access() != Access.TENANT_OR_SIGNED || ex.credentialHeader(AUTHORIZATION).isPresent()) {
      return Optional.empty();
    }
    return ex.credentialQuery(TOKEN);
  }

  private RequestContext operator(Exchange ex) {
    RequestContext ctx = bearer(ex);
    ctx.requireOperator();
    return ctx;
  }

  private RequestContext tenant(Exchange ex, Route route) {
    RequestContext ctx = bearer(ex);
    Optional<String> tenantHeader = ex.credentialHeader(TENANT_HEADER);
    if (ctx.isOperator()) {
      if (tenantHeader.isEmpty()) {
        throw new ForbiddenException("tenant_required", "the operator must name a tenant with x-tenant-id");
      }
      ctx = authenticator.actAs(ctx, new TenantSlug(tenantHeader.get()));
    }
    ctx.require(route.scope());
    return ctx;
  }

  private RequestContext bearer(Exchange ex) {
    String header = ex.credentialHeader(AUTHORIZATION).orElseThrow(Authentication::missing);
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw missing();
    }
    return authenticator.bearer(header.substring(7).trim(), ex.requestId(), ex.clientAddress());
  }

  private static UnauthenticatedException missing() {
    return new UnauthenticatedException("invalid_credential", "missing or invalid credential");
  }
}
