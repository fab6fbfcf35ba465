package dev.silo.server.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OpenID Connect provider for the tests of signing in through one, served over real HTTP:
 * discovery, an authorization endpoint with a sign-in page (a person picks a user and presses
 * Sign in), a token endpoint that redeems a code once, for the client and redirect URI it was
 * issued to, with the PKCE verifier of its S256 challenge (RFC 7636), and the JWKS. Its access
 * tokens are RS256 JWTs for {@code audience} naming the user's tenant in the claim {@code tenant}
 * and the requested scope in {@code scope}, as a provider configured for Silo issues them; its ID
 * tokens are for the client. Like a real provider it keeps a session in a cookie, so a browser
 * signed in once is sent straight back with a code, until RP-initiated logout at {@code /logout}
 * ends that session.
 */
public final class TestIdentityProvider implements AutoCloseable {
  /** A client: the redirect URIs it registered. */
  private record Client(Set<String> redirectUris) {}

  /** What a code stands for until it is redeemed. */
  private record Grant(String clientId, String redirectUri, String challenge, String user, String scope) {}

  private final HttpServer server;
  private final RSAKey key;
  private final String audience;
  private final Map<String, Client> clients = new ConcurrentHashMap<>();
  private final Map<String, String> tenantOfUser = new ConcurrentHashMap<>();
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private final Map<String, String> sessions = new ConcurrentHashMap<>(); // cookie value: the user signed in
  private final java.util.List<String> signOuts = new java.util.concurrent.CopyOnWriteArrayList<>();
  private static final String COOKIE = "test_idp_session";
  private final SecureRandom random = new SecureRandom();

  private TestIdentityProvider(String audience) throws IOException, JOSEException {
    this.audience = audience;
    this.key = new RSAKeyGenerator(2048).keyID("test-1").generate();
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/.well-known/openid-configuration", this::discovery);
    server.createContext("/authorize", this::authorize);
    server.createContext("/token", this::token);
    server.createContext("/logout", this::logout);
    server.createContext("/jwks", ex -> send(ex, 200, "application/json", new JWKSet(key.toPublicJWK()).toString()));
    server.start();
  }

  /** A provider issuing access tokens for {@code audience}. */
  public static TestIdentityProvider start(String audience) throws Exception {
    return new TestIdentityProvider(audience);
  }

  public String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Registers a public client that may be sent back to {@code redirectUri}. */
  public TestIdentityProvider client(String clientId, String redirectUri) {
    clients.merge(clientId, new Client(Set.of(redirectUri)), (a, b) -> {
      Set<String> all = new HashSet<>(a.redirectUris());
      all.addAll(b.redirectUris());
      return new Client(Set.copyOf(all));
    });
    return this;
  }

  /** A user whose tokens name {@code tenant}. */
  public TestIdentityProvider user(String name, String tenant) {
    tenantOfUser.put(name, tenant);
    return this;
  }

  /** The tenant's {@code oidc} settings for this provider, with console sign-in as {@code clientId}. */
  public String settings(String clientId, String scope) {
    return "{\"issuer\":\"" + issuer() + "\",\"audience\":\"" + audience + "\",\"jwks_url\":\"" + issuer() + "/jwks\""
        + (clientId == null ? "" : ",\"console_client_id\":\"" + clientId + "\"")
        + (scope == null ? "" : ",\"console_scope\":\"" + scope + "\"") + "}";
  }

  /** S256: the base64url SHA-256 of the verifier. */
  public static String challenge(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void discovery(HttpExchange ex) throws IOException {
    send(ex, 200, "application/json", "{\"issuer\":\"" + issuer() + "\",\"authorization_endpoint\":\"" + issuer() + "/authorize\","
        + "\"token_endpoint\":\"" + issuer() + "/token\",\"jwks_uri\":\"" + issuer() + "/jwks\","
        + "\"end_session_endpoint\":\"" + issuer() + "/logout\","
        + "\"response_types_supported\":[\"code\"],\"code_challenge_methods_supported\":[\"S256\"]}");
  }

  /** GET: the sign-in page for a valid request; POST (the page's form): a code, sent back to the client. */
  private void authorize(HttpExchange ex) throws IOException {
    boolean post = ex.getRequestMethod().equals("POST");
    Map<String, String> q = form(post ? new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) : ex.getRequestURI().getRawQuery());
    Client client = clients.get(q.getOrDefault("client_id", ""));
    String redirect = q.getOrDefault("redirect_uri", "");
    if (client == null || !client.redirectUris().contains(redirect)) {
      send(ex, 400, "text/plain", "unknown client or redirect_uri");
      return;
    }
    if (!"code".equals(q.get("response_type")) || !"S256".equals(q.get("code_challenge_method")) || q.get("code_challenge") == null) {
      send(ex, 400, "text/plain", "this provider takes response_type=code with an S256 code_challenge");
      return;
    }
    String cookie = post ? null : cookie(ex);
    String signedIn = cookie == null ? null : sessions.get(cookie);
    if (!post && signedIn == null) {
      StringBuilder page = new StringBuilder("<!doctype html><html lang=\"en\"><title>Test provider</title><h1>Sign in to the test provider</h1>"
          + "<form method=\"post\" action=\"/authorize\">");
      for (String name : new String[] {"client_id", "redirect_uri", "response_type", "scope", "state", "code_challenge", "code_challenge_method"}) {
        page.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(html(q.getOrDefault(name, ""))).append("\">");
      }
      page.append("<label>User <input name=\"user\" id=\"user\"></label> <button type=\"submit\">Sign in</button></form></html>");
      send(ex, 200, "text/html; charset=utf-8", page.toString());
      return;
    }
    String user = post ? q.getOrDefault("user", "") : signedIn;
    if (post) {
      String session = token(24);
      sessions.put(session, user);
      ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + session + "; Path=/; HttpOnly; SameSite=Lax");
    }
    String code = token(24);
    codes.put(code, new Grant(q.get("client_id"), redirect, q.get("code_challenge"), user, q.getOrDefault("scope", "")));
    String state = q.get("state");
    ex.getResponseHeaders().set("Location", redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code
        + (state == null ? "" : "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8)));
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private void token(HttpExchange ex) throws IOException {
    Map<String, String> f = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    Grant g = codes.remove(f.getOrDefault("code", "")); // a code is good once, whatever happens next
    if (!"authorization_code".equals(f.get("grant_type")) || g == null || !g.clientId().equals(f.get("client_id"))
        || !g.redirectUri().equals(f.get("redirect_uri")) || f.get("code_verifier") == null
        || !challenge(f.get("code_verifier")).equals(g.challenge())) {
      send(ex, 400, "application/json", "{\"error\":\"invalid_grant\",\"error_description\":\"the code is unknown, used, or not for this verifier\"}");
      return;
    }
    String tenant = tenantOfUser.get(g.user());
    if (tenant == null) {
      send(ex, 400, "application/json", "{\"error\":\"access_denied\"}");
      return;
    }
    try {
      Instant now = Instant.now();
      JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer()).audience(audience).subject(g.user())
          .claim("tenant", tenant).claim("scope", g.scope()).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).build();
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
      jwt.sign(new RSASSASigner(key));
      JWTClaimsSet idClaims = new JWTClaimsSet.Builder().issuer(issuer()).audience(g.clientId()).subject(g.user())
          .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).build();
      SignedJWT id = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), idClaims);
      id.sign(new RSASSASigner(key));
      send(ex, 200, "application/json", "{\"access_token\":\"" + jwt.serialize() + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
          + "\"id_token\":\"" + id.serialize() + "\"}");
    } catch (JOSEException e) {
      send(ex, 500, "application/json", "{\"error\":\"server_error\"}");
    }
  }

  /**
   * RP-initiated logout: the client's registered URI to send the browser back to, and the ID token
   * it issued as the hint (its signature, issuer and client checked); ends the browser's session.
   */
  private void logout(HttpExchange ex) throws IOException {
    Map<String, String> q = form(ex.getRequestURI().getRawQuery());
    Client client = clients.get(q.getOrDefault("client_id", ""));
    String back = q.getOrDefault("post_logout_redirect_uri", "");
    if (client == null || !client.redirectUris().contains(back)) {
      send(ex, 400, "text/plain", "unknown client or post_logout_redirect_uri");
      return;
    }
    String subject;
    try {
      SignedJWT hint = SignedJWT.parse(q.getOrDefault("id_token_hint", ""));
      if (!hint.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(key.toRSAPublicKey()))
          || !issuer().equals(hint.getJWTClaimsSet().getIssuer())
          || !hint.getJWTClaimsSet().getAudience().contains(q.get("client_id"))) {
        send(ex, 400, "text/plain", "id_token_hint is not an ID token of this provider for this client");
        return;
      }
      subject = hint.getJWTClaimsSet().getSubject();
    } catch (java.text.ParseException | JOSEException e) {
      send(ex, 400, "text/plain", "id_token_hint is required");
      return;
    }
    String session = cookie(ex);
    if (session != null) {
      sessions.remove(session);
    }
    signOuts.add(subject);
    ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0");
    ex.getResponseHeaders().set("Location", back);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  /** Whom RP-initiated logout signed out, in order. */
  public java.util.List<String> signOuts() {
    return java.util.List.copyOf(signOuts);
  }

  private static String cookie(HttpExchange ex) {
    for (String header : ex.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
      for (String part : header.split(";")) {
        String p = part.trim();
        if (p.startsWith(COOKIE + "=")) {
          return p.substring(COOKIE.length() + 1);
        }
      }
    }
    return null;
  }

  private String token(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static Map<String, String> form(String encoded) {
    Map<String, String> out = new HashMap<>();
    if (encoded == null) {
      return out;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static String html(String s) {
    return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (var out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
