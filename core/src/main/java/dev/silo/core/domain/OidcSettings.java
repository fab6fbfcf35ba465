package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import dev.silo.core.support.HttpUrls;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tenant's identity provider: JWTs issued by {@code issuer} for {@code audience}, signed with a
 * key from {@code jwksUrl}, and naming the tenant's slug in the claim {@code tenantClaim}, are
 * that tenant's credentials. {@code scopesClaim} (a space-separated string or an array) carries
 * the token's permissions; {@code scopeMap} maps its values to Silo's scopes, and when it is empty
 * the values {@code read}, {@code write}, {@code delete}, {@code admin} (bare or prefixed
 * {@code silo:}) are taken as they are.
 *
 * <p>{@code consoleClientId} is the client the provider knows Silo's web console by (a public
 * client, authorization code with PKCE, redirecting to {@code <silo>/console/}); null when people of
 * the tenant do not sign in to the console through the provider. {@code consoleScope} is the scope
 * the console asks for ({@code openid} unless set), so that the provider's access token carries
 * the values {@code scopesClaim} is read from.
 */
public record OidcSettings(
    String issuer, String audience, String jwksUrl, String tenantClaim, String scopesClaim, Map<String, Set<Scope>> scopeMap,
    String consoleClientId, String consoleScope) {
  /** The settings' names in the API and the tenants file, which both refuse any other. */
  public static final Set<String> FIELDS = Set.of(
      "issuer", "audience", "jwks_url", "tenant_claim", "scopes_claim", "scope_map", "console_client_id", "console_scope");

  private static final Pattern CLAIM = Pattern.compile("[A-Za-z0-9_:./-]{1,100}");
  /** RFC 6749's client id and scope token characters: printable ASCII, no space (a scope's tokens are space-separated). */
  private static final Pattern CLIENT_ID = Pattern.compile("[\\x21-\\x7e]{1,255}");
  private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5b\\x5d-\\x7e]{1,100}( [\\x21\\x23-\\x5b\\x5d-\\x7e]{1,100}){0,19}");

  /** Settings without console sign-in. */
  public OidcSettings(
      String issuer, String audience, String jwksUrl, String tenantClaim, String scopesClaim, Map<String, Set<Scope>> scopeMap) {
    this(issuer, audience, jwksUrl, tenantClaim, scopesClaim, scopeMap, null, null);
  }

  public OidcSettings {
    issuer = required("issuer", issuer);
    audience = required("audience", audience);
    jwksUrl = required("jwks_url", jwksUrl);
    requireHttpUrl("issuer", issuer);
    requireHttpUrl("jwks_url", jwksUrl);
    tenantClaim = claimName("tenant_claim", tenantClaim == null ? "tenant" : tenantClaim);
    scopesClaim = claimName("scopes_claim", scopesClaim == null ? "scope" : scopesClaim);
    Map<String, Set<Scope>> copy = new LinkedHashMap<>();
    if (scopeMap != null) {
      scopeMap.forEach(
          (k, v) -> {
            if (k == null || k.isBlank() || k.length() > 200 || v == null) {
              throw new InvalidInputException("invalid_oidc", "scope_map entries need a claim value and a list of scopes");
            }
            copy.put(k, v.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(v)));
          });
    }
    scopeMap = Map.copyOf(copy);
    if (consoleClientId != null && !CLIENT_ID.matcher(consoleClientId).matches()) {
      throw new InvalidInputException("invalid_oidc", "oidc.console_client_id must be 1 to 255 printable characters without spaces");
    }
    if (consoleScope != null && consoleClientId == null) {
      throw new InvalidInputException("invalid_oidc", "oidc.console_scope goes with oidc.console_client_id");
    }
    if (consoleClientId != null) {
      consoleScope = consoleScope == null ? "openid" : consoleScope.strip();
      if (!SCOPE.matcher(consoleScope).matches()) {
        throw new InvalidInputException("invalid_oidc", "oidc.console_scope must be up to 20 scope values separated by spaces");
      }
    }
  }

  /** Whether people of the tenant sign in to the console through this provider. */
  public boolean consoleSignIn() {
    return consoleClientId != null;
  }

  /** Silo's scopes for the values of the token's scopes claim. */
  public Set<Scope> scopesFor(Iterable<String> claimValues) {
    EnumSet<Scope> out = EnumSet.noneOf(Scope.class);
    for (String v : claimValues) {
      if (!scopeMap.isEmpty()) {
        out.addAll(scopeMap.getOrDefault(v, Set.of()));
        continue;
      }
      String bare = v.startsWith("silo:") ? v.substring(5) : v;
      for (Scope s : Scope.values()) {
        if (s.wire().equals(bare)) {
          out.add(s);
        }
      }
    }
    return Set.copyOf(out);
  }

  private static String required(String field, String v) {
    if (v == null || v.isBlank() || v.length() > 2048) {
      throw new InvalidInputException("invalid_oidc", "oidc." + field + " is required (at most 2048 characters)");
    }
    return v.trim();
  }

  private static String claimName(String field, String v) {
    if (!CLAIM.matcher(v).matches()) {
      throw new InvalidInputException("invalid_oidc", "oidc." + field + " must be a claim name");
    }
    return v;
  }

  private static void requireHttpUrl(String field, String v) {
    if (HttpUrls.parse(v).isEmpty()) {
      throw new InvalidInputException("invalid_oidc", "oidc." + field + " must be an http(s) URL");
    }
  }
}
