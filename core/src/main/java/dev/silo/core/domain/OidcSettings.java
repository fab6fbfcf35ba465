package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
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
 */
public record OidcSettings(
    String issuer, String audience, String jwksUrl, String tenantClaim, String scopesClaim, Map<String, Set<Scope>> scopeMap) {
  private static final Pattern CLAIM = Pattern.compile("[A-Za-z0-9_:./-]{1,100}");

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
    try {
      URI u = new URI(v);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null || u.getUserInfo() != null) {
        throw new InvalidInputException("invalid_oidc", "oidc." + field + " must be an http(s) URL");
      }
    } catch (URISyntaxException e) {
      throw new InvalidInputException("invalid_oidc", "oidc." + field + " must be an http(s) URL");
    }
  }
}
