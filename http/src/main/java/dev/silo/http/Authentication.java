package dev.silo.http;

import dev.silo.core.auth.Authenticator;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.error.ForbiddenException;
import dev.silo.core.error.UnauthenticatedException;
import java.util.Optional;

/**
 * Establishes the caller of a route as its {@link Access} demands: the one place where a request
 * becomes a {@link RequestContext}. The scope the route declares is checked here too, so no
 * handler can forget it. Signed-URL routes authenticate in their handler, where the bucket and
 * key the signature covers are known.
 */
final class Authentication {
  private final Authenticator authenticator;

  Authentication(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  void authenticate(Exchange ex, Route route) {
    switch (route.access()) {
      case ANONYMOUS -> {}
      case OPERATOR -> {
        RequestContext ctx = bearer(ex);
        if (!ctx.isOperator()) {
          throw new ForbiddenException("operator_only", "this needs the operator token");
        }
        ex.context(ctx);
      }
      case TENANT -> ex.context(tenant(ex, route));
      case TENANT_OR_OPERATOR -> {
        RequestContext ctx = bearer(ex);
        if (ctx.isOperator() && ex.header("x-tenant-id").isEmpty()) {
          ex.context(ctx);
        } else {
          ex.context(tenant(ex, route));
        }
      }
      case TENANT_OR_SIGNED -> {
        if (ex.query("token").isEmpty() || ex.header("Authorization").isPresent()) {
          ex.context(tenant(ex, route));
        }
      }
    }
  }

  private RequestContext tenant(Exchange ex, Route route) {
    RequestContext ctx = bearer(ex);
    Optional<String> tenantHeader = ex.header("x-tenant-id");
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
    String header = ex.header("Authorization").orElseThrow(Authentication::missing);
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw missing();
    }
    return authenticator.bearer(header.substring(7).trim(), ex.requestId(), ex.clientAddress());
  }

  private static UnauthenticatedException missing() {
    return new UnauthenticatedException("invalid_credential", "missing or invalid credential");
  }
}
