package dev.silo.http;

import dev.silo.core.auth.Authenticator.TokenTarget;

/**
 * What a signed token presented to a route must have been minted for, as the route reads it from
 * the request (bucket and key for an object, the upload for TUS). Declared in the route table next
 * to the route's scope; {@link Authentication} verifies the token against it, so no handler ever
 * sees a token.
 */
@FunctionalInterface
public interface SignedTarget {
  TokenTarget of(Exchange ex);
}
