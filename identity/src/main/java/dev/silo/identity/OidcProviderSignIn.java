package dev.silo.identity;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.silo.core.auth.ProviderSignIn;
import dev.silo.core.domain.OidcSettings;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.UnauthenticatedException;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.support.OutboundGuard;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The console's sign-in with a tenant's OpenID Connect provider: its endpoints from the discovery
 * document at {@code <issuer>/.well-known/openid-configuration} (which must name the same issuer,
 * as OpenID Connect Discovery requires), and the code redeemed at its token endpoint as a public
 * client with the PKCE verifier. Every URL passes the {@link OutboundGuard}, as JWKS fetches and
 * webhooks do; redirects are not followed; answers over 64 KiB are refused.
 */
public final class OidcProviderSignIn implements ProviderSignIn {
  private static final int MAX_BYTES = 64 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private record Discovered(String authorization, String token, String endSession) {}

  private final HttpClient http;
  private final OutboundGuard guard;

  public OidcProviderSignIn(OutboundGuard guard) {
    this.guard = guard;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public Endpoints endpoints(OidcSettings settings) {
    Discovered d = discover(settings);
    return new Endpoints(d.authorization(), d.endSession());
  }

  @Override
  public Tokens redeem(OidcSettings settings, String code, String codeVerifier, String redirectUri) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", redirectUri);
    form.put("client_id", settings.consoleClientId());
    form.put("code_verifier", codeVerifier);
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest request = HttpRequest.newBuilder(allowed(discover(settings).token()))
        .timeout(TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    Answer answer = send(request, "token endpoint");
    if (answer.status() == 400 || answer.status() == 401) {
      Object error = answer.json().get("error");
      throw new UnauthenticatedException("sign_in_failed",
          "the identity provider refused the sign-in" + (error instanceof String s ? ": " + printable(s) : ""));
    }
    if (answer.status() != 200) {
      throw unavailable("its token endpoint answered " + answer.status());
    }
    Object token = answer.json().get("access_token");
    if (!(token instanceof String accessToken) || accessToken.isBlank()) {
      throw unavailable("its token endpoint gave no access_token");
    }
    long expiresIn = answer.json().get("expires_in") instanceof Number n ? Math.max(0, n.longValue()) : 0;
    String idToken = answer.json().get("id_token") instanceof String t && !t.isBlank() ? t : null;
    return new Tokens(accessToken, expiresIn, idToken);
  }

  private Discovered discover(OidcSettings settings) {
    String issuer = settings.issuer();
    String url = (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + "/.well-known/openid-configuration";
    HttpRequest request = HttpRequest.newBuilder(allowed(url)).timeout(TIMEOUT).header("Accept", "application/json").GET().build();
    Answer answer = send(request, "discovery document");
    if (answer.status() != 200) {
      throw unavailable("its discovery document answered " + answer.status());
    }
    Map<String, Object> doc = answer.json();
    if (!issuer.equals(doc.get("issuer"))) {
      throw unavailable("its discovery document names another issuer");
    }
    if (!(doc.get("authorization_endpoint") instanceof String authorization) || !(doc.get("token_endpoint") instanceof String token)) {
      throw unavailable("its discovery document names no authorization_endpoint or token_endpoint");
    }
    allowed(authorization);
    // RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): optional, and a browser redirect as the authorization is
    String endSession = doc.get("end_session_endpoint") instanceof String e && !e.isBlank() ? e : null;
    if (endSession != null) {
      allowed(endSession);
    }
    return new Discovered(authorization, token, endSession);
  }

  /** The URL, if Silo may call it; a provider at a private address is unusable unless the operator allows those. */
  private URI allowed(String url) {
    try {
      return guard.check(url);
    } catch (InvalidInputException e) {
      throw unavailable(e.getMessage());
    }
  }

  private record Answer(int status, Map<String, Object> json) {}

  private Answer send(HttpRequest request, String what) {
    try {
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
          throw unavailable("its " + what + " is over " + MAX_BYTES + " bytes");
        }
        Map<String, Object> json;
        try {
          json = bytes.length == 0 ? Map.of() : JSONObjectUtils.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (ParseException e) {
          json = Map.of();
          if (response.statusCode() == 200) {
            throw unavailable("its " + what + " is not JSON");
          }
        }
        return new Answer(response.statusCode(), json);
      }
    } catch (IOException e) {
      throw unavailable("its " + what + " could not be reached");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted while calling its " + what);
    }
  }

  /** A provider's error code, kept to what RFC 6749 allows in one, so that it can be shown as it is. */
  private static String printable(String s) {
    String kept = s.replaceAll("[^\\x20-\\x21\\x23-\\x5b\\x5d-\\x7e]", "");
    return kept.length() > 100 ? kept.substring(0, 100) : kept;
  }

  private static UnavailableException unavailable(String why) {
    return new UnavailableException("the tenant's identity provider cannot be used: " + why);
  }
}
