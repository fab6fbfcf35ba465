package dev.silo.http;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.bucket.BucketCors;
import java.util.Optional;

/**
 * A bucket's CORS rules on the REST port (with TUS), for requests whose signed URL or upload token
 * names the bucket, where the server's origins ({@link Cors}) did not answer: a preflight's token
 * is verified as its request would verify it; an answer carries the rules of the token's bucket,
 * a refusal of an authentic token (expired, or its issuer revoked) too, so the page reads why.
 * A request with any other credential names no bucket before it is authenticated, so its
 * preflight could not be answered: the server's origins alone answer those.
 */
final class TokenCors {
  private final RouteTable routes;
  private final Authentication authentication;
  private final BucketCors buckets;

  TokenCors(RouteTable routes, Authentication authentication, BucketCors buckets) {
    this.routes = routes;
    this.authentication = authentication;
    this.buckets = buckets;
  }

  /** A preflight: the route of the method it announces, and the bucket its token was minted for. */
  void preflight(Exchange ex) {
    Optional<String> origin = ex.header("Origin");
    String method = ex.header("Access-Control-Request-Method").orElse("");
    if (origin.isEmpty()) {
      return;
    }
    RouteTable.Match match;
    try {
      match = routes.match(method, ex.rawPath());
    } catch (RuntimeException e) {
      return; // no such route: nothing to allow
    }
    ex.params(match.params());
    Optional<String> asked = ex.header("Access-Control-Request-Headers");
    authentication.signedForPreflight(ex, match.route())
        .ifPresent(ctx -> Cors.preflightHeaders(buckets.ofGrant(ctx), origin.get(), method, asked).forEach(ex::header));
  }

  /** An authenticated request: the rules of its token's bucket (none for another credential). */
  void answer(Exchange ex, RequestContext ctx) {
    Optional<String> origin = ex.header("Origin");
    if (origin.isPresent() && ctx.grant().isPresent()) {
      Cors.responseHeaders(buckets.ofGrant(ctx), origin.get(), ex.method()).forEach(ex::header);
    }
  }

  /** A request refused before its route ran: the rules of its token's bucket, if the token is authentic. */
  void answerRefusal(Exchange ex, Route route) {
    Optional<String> origin = ex.header("Origin");
    if (origin.isEmpty() || ex.hasResponseHeader("Access-Control-Allow-Origin")) {
      return;
    }
    try {
      authentication.refusedClaims(ex, route)
          .ifPresent(claims -> Cors.responseHeaders(buckets.of(claims), origin.get(), ex.method()).forEach(ex::header));
    } catch (RuntimeException e) {
      // the refusal goes out whatever its CORS headers could not say
    }
  }
}
