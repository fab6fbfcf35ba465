package dev.silo.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.silo.core.auth.JwtVerifier;
import dev.silo.core.domain.OidcSettings;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.UnauthenticatedException;
import dev.silo.core.support.OutboundGuard;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies JWTs with Nimbus JOSE+JWT against the settings of the tenant they claim. Only
 * asymmetric algorithms are accepted (RS256, ES256, EdDSA): an {@code alg: none} token is not a
 * JWS at all, and an HS256 token "signed" with a provider's public key is refused before any key
 * is looked at. Lifetimes are checked with {@link #LEEWAY} of clock skew.
 */
public final class OidcJwtVerifier implements JwtVerifier {
  static final Duration LEEWAY = Duration.ofSeconds(30);
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);

  private final JwksCache keys;

  /**
   * @param guard refuses JWKS URLs on private networks unless the operator allows them
   * @param minRefreshInterval how often an unknown key id may trigger a refetch per URL (a minute)
   */
  public OidcJwtVerifier(OutboundGuard guard, Clock clock, Duration minRefreshInterval) {
    this.keys = new JwksCache(guard, clock, Duration.ofMinutes(10), minRefreshInterval);
  }

  @Override
  public Verified verify(String token, Directory directory) {
    SignedJWT jwt = parse(token);
    if (!ALGORITHMS.contains(jwt.getHeader().getAlgorithm())) {
      throw invalid();
    }
    JWTClaimsSet unverified;
    try {
      unverified = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw invalid();
    }
    String issuer = unverified.getIssuer();
    if (issuer == null) {
      throw invalid();
    }
    Tenant tenant = claimedTenant(unverified, issuer, directory).orElseThrow(OidcJwtVerifier::invalid);
    OidcSettings oidc = tenant.oidc();
    if (oidc == null || !oidc.issuer().equals(issuer)) {
      throw invalid(); // the token's issuer is not the one the claimed tenant trusts
    }
    JWTClaimsSet claims = verified(jwt, oidc);
    if (!tenant.slug().value().equals(stringClaim(claims, oidc.tenantClaim()))) {
      throw invalid();
    }
    String subject = claims.getSubject() == null ? "unknown" : claims.getSubject();
    return new Verified(tenant, subject, oidc.scopesFor(scopeValues(claims, oidc.scopesClaim())));
  }

  /** The tenant named by the token's tenant claim, as the tenants trusting its issuer name it. */
  private static Optional<Tenant> claimedTenant(JWTClaimsSet claims, String issuer, Directory directory) {
    for (Tenant candidate : directory.byIssuer(issuer)) {
      String claimed = stringClaim(claims, candidate.oidc().tenantClaim());
      if (claimed != null) {
        try {
          return directory.bySlug(new TenantSlug(claimed));
        } catch (InvalidInputException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private JWTClaimsSet verified(SignedJWT jwt, OidcSettings oidc) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, source(oidc.jwksUrl())));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            oidc.audience(),
            new JWTClaimsSet.Builder().issuer(oidc.issuer()).build(),
            new HashSet<>(List.of("exp", "iss", "aud")));
    claims.setMaxClockSkew((int) LEEWAY.toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
    try {
      if (JWSAlgorithm.EdDSA.equals(jwt.getHeader().getAlgorithm())) {
        return verifiedEd25519(jwt, oidc.jwksUrl(), claims);
      }
      return processor.process(jwt, null);
    } catch (BadJOSEException | JOSEException | ParseException | JwksCache.KeySourceUnavailable e) {
      throw invalid();
    }
  }

  /**
   * Nimbus's key selector turns JWKs into JDK keys, which it cannot do for Ed25519 (OKP) keys, so
   * EdDSA tokens take this path: the same key lookup, Nimbus's Ed25519 verifier, the same claims
   * checks.
   */
  private JWTClaimsSet verifiedEd25519(SignedJWT jwt, String url, DefaultJWTClaimsVerifier<SecurityContext> claims)
      throws JOSEException, ParseException, BadJOSEException {
    JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader()));
    for (JWK key : source(url).get(selector, null)) {
      if (key instanceof OctetKeyPair okp && jwt.verify(new Ed25519Verifier(okp.toPublicJWK()))) {
        JWTClaimsSet set = jwt.getJWTClaimsSet();
        claims.verify(set, null);
        return set;
      }
    }
    throw new BadJOSEException("no Ed25519 key verifies the signature");
  }

  /** The provider's keys; an unknown key id refetches them (rate-limited by the cache). */
  private JWKSource<SecurityContext> source(String url) {
    return (JWKSelector selector, SecurityContext context) -> {
      List<JWK> found = selector.select(keys.get(url));
      if (found.isEmpty()) {
        found = keys.refresh(url).map(selector::select).orElse(List.of());
      }
      return found;
    };
  }

  private static SignedJWT parse(String token) {
    try {
      JWT jwt = JWTParser.parse(token);
      if (jwt instanceof SignedJWT signed) {
        return signed;
      }
    } catch (ParseException e) {
      // fall through
    }
    throw invalid(); // unsecured (alg: none), encrypted or malformed
  }

  private static String stringClaim(JWTClaimsSet claims, String name) {
    Object v = claims.getClaim(name);
    return v instanceof String s ? s : null;
  }

  private static List<String> scopeValues(JWTClaimsSet claims, String name) {
    Object v = claims.getClaim(name);
    List<String> out = new ArrayList<>();
    if (v instanceof String s) {
      out.addAll(Arrays.asList(s.trim().split("\\s+")));
    } else if (v instanceof List<?> list) {
      list.forEach(item -> out.add(String.valueOf(item)));
    }
    return out;
  }

  private static UnauthenticatedException invalid() {
    return new UnauthenticatedException("invalid_credential", "missing or invalid credential");
  }
}
