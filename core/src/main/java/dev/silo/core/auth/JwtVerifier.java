package dev.silo.core.auth;

import dev.silo.core.domain.Scope;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.error.UnauthenticatedException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a JWT against the identity provider of the tenant it claims. Implementations find the
 * tenants whose issuer is the token's {@code iss}, read the tenant the token claims through their
 * tenant claim, and verify signature, issuer, audience and lifetime with that tenant's settings
 * only: a token from tenant A's issuer that claims tenant B fails unless B trusts that issuer.
 */
public interface JwtVerifier {
  /** Where a verifier finds tenants' identity settings. */
  interface Directory {
    List<Tenant> byIssuer(String issuer);

    Optional<Tenant> bySlug(TenantSlug slug);
  }

  /** What a verified token says: its tenant, subject and scopes. */
  record Verified(Tenant tenant, String subject, Set<Scope> scopes) {}

  /** Throws {@link UnauthenticatedException} unless the token is valid for the tenant it claims. */
  Verified verify(String token, Directory directory);

  /** No identity providers: every JWT is refused. */
  JwtVerifier NONE =
      (token, directory) -> {
        throw new UnauthenticatedException("invalid_credential", "missing or invalid credential");
      };

  /** A compact JWS: three base64url parts; an API key has no dots. */
  static boolean looksLikeJwt(String presented) {
    int first = presented.indexOf('.');
    return first > 0 && presented.indexOf('.', first + 1) > first && presented.startsWith("eyJ");
  }
}
