package dev.silo.server.it;

import static dev.silo.server.it.Checks.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing in through a tenant's identity provider, as the console does it, over HTTP against a
 * real Silo and a real provider ({@link TestIdentityProvider}): where to send the browser, the
 * provider's page and code, and the code redeemed with the PKCE verifier for an access token that
 * is then the person's credential. A wrong verifier, a code used twice, a person of another tenant
 * and a tenant without the setting get nothing.
 */
class ConsoleSignInTest {
  private static final String CLIENT = "silo-console";
  private static final String VERIFIER = "a-verifier-of-forty-three-or-more-characters_0123456789";

  @TempDir static Path dir;
  static TestSilo silo;
  static TestIdentityProvider idp;
  static String redirect;

  @BeforeAll
  static void start() throws Exception {
    idp = TestIdentityProvider.start("silo");
    silo = TestSilo.start(dir.resolve("data"), Map.of("SILO_WEBHOOK_ALLOW_PRIVATE", "true"));
    redirect = silo.url() + "/console/";
    idp.client(CLIENT, redirect).user("alice", "sso-acme").user("mallory", "sso-other");
    Api.Resp acme = silo.operator().post("/v1/tenants",
        "{\"slug\":\"sso-acme\",\"oidc\":" + idp.settings(CLIENT, "openid read write") + "}");
    assertThat(acme.status()).as(acme.body()).isEqualTo(201);
    assertThat(acme.json().path("oidc").path("console_client_id").asText()).isEqualTo(CLIENT);
    assertThat(acme.json().path("oidc").path("console_scope").asText()).isEqualTo("openid read write");
    // the same provider, trusted by another tenant: its people name that tenant in their tokens
    assertThat(silo.operator().post("/v1/tenants", "{\"slug\":\"sso-other\",\"oidc\":" + idp.settings(CLIENT, null) + "}").status())
        .isEqualTo(201);
    assertThat(silo.operator().post("/v1/tenants", "{\"slug\":\"sso-none\",\"oidc\":" + idp.settings(null, null) + "}").status())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
    idp.close();
  }

  @Test
  void aPersonSignsInThroughTheProviderAndTheTokenIsTheirCredential() throws Exception {
    Api.Resp start = silo.anonymous().get("/v1/sign-in/sso-acme");
    assertThat(start.status()).as(start.body()).isEqualTo(200);
    assertThat(start.header("Cache-Control")).hasValue("no-store");
    assertThat(start.json().path("authorization_endpoint").asText()).isEqualTo(idp.issuer() + "/authorize");
    assertThat(start.json().path("client_id").asText()).isEqualTo(CLIENT);
    assertThat(start.json().path("scope").asText()).isEqualTo("openid read write");
    assertThat(start.json().path("end_session_endpoint").asText()).as("from discovery").isEqualTo(idp.issuer() + "/logout");
    assertThat(start.json().path("audience").asText()).as("the tenant's oidc.audience").isEqualTo("silo");
    assertThat(start.json().path("code_challenge_method").asText()).isEqualTo("S256");

    String code = signInAtProvider(start.json().path("authorization_endpoint").asText(), "alice", start.json().path("scope").asText());
    Api.Resp token = redeem("sso-acme", code, VERIFIER);
    assertThat(token.status()).as(token.body()).isEqualTo(200);
    assertThat(token.header("Cache-Control")).hasValue("no-store");
    assertThat(token.json().path("token_type").asText()).isEqualTo("Bearer");
    assertThat(token.json().path("expires_in").asLong()).isEqualTo(300);
    assertThat(token.json().path("subject").asText()).isEqualTo("alice");
    assertThat(token.json().path("scopes").toString()).isEqualTo("[\"read\",\"write\"]");
    String idToken = token.json().path("id_token").asText();
    assertThat(idToken).as("the provider's ID token, for a sign-out's hint").startsWith("eyJ");
    assertError(silo.as(idToken).get("/v1/tenant"), 401, null); // for the console client, not Silo's audience: no credential

    Api person = silo.as(token.json().path("access_token").asText());
    assertThat(person.get("/v1/tenant").json().path("slug").asText()).isEqualTo("sso-acme");
    // who the caller is and what it may do: what a client shows, and no more
    assertThat(person.get("/v1/tenant").json().path("caller").toString()).isEqualTo("{\"actor\":\"jwt:alice\",\"scopes\":[\"read\",\"write\"]}");
    assertThat(person.put("/v1/objects/from-sso.txt", "hi", "Content-Type", "text/plain").status()).isEqualTo(201);
    assertError(person.get("/v1/keys"), 403, "insufficient_scope"); // no admin scope asked for, none given

    Api.Resp audit = silo.operator().get("/v1/audit?tenant=sso-acme&action=console.signed_in");
    assertThat(audit.json().path("items").get(0).path("actor").asText()).isEqualTo("jwt:alice");
    assertThat(audit.json().path("items").get(0).path("target").asText()).isEqualTo("oidc:" + idp.issuer());
  }

  @Test
  void aCodeIsRedeemedOnlyWithItsVerifierAndOnlyOnce() throws Exception {
    String code = signInAtProvider(idp.issuer() + "/authorize", "alice", "openid read");
    Api.Resp wrong = redeem("sso-acme", code, VERIFIER.replace('a', 'b'));
    assertError(wrong, 401, "sign_in_failed");
    assertThat(wrong.json().path("error").path("message").asText()).contains("invalid_grant");

    String again = signInAtProvider(idp.issuer() + "/authorize", "alice", "openid read");
    assertThat(redeem("sso-acme", again, VERIFIER).status()).isEqualTo(200);
    assertError(redeem("sso-acme", again, VERIFIER), 401, "sign_in_failed");
    Api.Resp failures = silo.operator().get("/v1/audit?action=auth.failed");
    assertThat(failures.body()).contains("console-sign-in:sso-acme");
  }

  @Test
  void aPersonOfAnotherTenantCannotSignInToThisOne() throws Exception {
    // mallory's token names sso-other: a valid credential there, not here
    String code = signInAtProvider(idp.issuer() + "/authorize", "mallory", "openid read");
    long before = failures("console-sign-in:sso-acme");
    assertError(redeem("sso-acme", code, VERIFIER), 401, "sign_in_failed");
    assertThat(failures("console-sign-in:sso-acme")).as("recorded for the operator").isEqualTo(before + 1);
    String own = signInAtProvider(idp.issuer() + "/authorize", "mallory", "openid read");
    Api.Resp token = redeem("sso-other", own, VERIFIER);
    assertThat(token.status()).as(token.body()).isEqualTo(200);
    assertThat(silo.as(token.json().path("access_token").asText()).get("/v1/tenant").json().path("slug").asText()).isEqualTo("sso-other");
  }

  @Test
  void aTokenSiloDoesNotTakeIsExplainedToWhoeverSetsUpTheProvider() throws Exception {
    idp.user("carol", "sso-aud");
    String settings = idp.settings(CLIENT, null).replace("\"audience\":\"silo\"", "\"audience\":\"storage-api\"");
    assertThat(silo.operator().post("/v1/tenants", "{\"slug\":\"sso-aud\",\"oidc\":" + settings + "}").status()).isEqualTo(201);
    String code = signInAtProvider(idp.issuer() + "/authorize", "carol", "openid read");
    Api.Resp r = redeem("sso-aud", code, VERIFIER);
    assertError(r, 401, "sign_in_failed");
    assertThat(r.json().path("error").path("message").asText())
        .contains("for the audience storage-api").contains("in the claim tenant").contains(idp.issuer() + "/jwks");
  }

  @Test
  void aTenantWithoutTheSettingIsNotDistinguishedFromNone() {
    for (String slug : new String[] {"sso-none", "no-such-tenant", "NOT_A_SLUG"}) {
      Api.Resp r = silo.anonymous().get("/v1/sign-in/" + slug);
      assertError(r, 404, "sign_in_not_offered");
      assertThat(r.json().path("error").path("message").asText()).doesNotContain(slug);
      assertError(redeem(slug, "some-code", VERIFIER), 404, "sign_in_not_offered");
    }
  }

  @Test
  void aMalformedRedemptionIsRefusedBeforeTheProviderIsAsked() {
    assertError(redeem("sso-acme", "code", "short"), 400, "invalid_sign_in");
    assertError(redeem("sso-acme", "", VERIFIER), 400, "invalid_sign_in");
    assertError(silo.anonymous().post("/v1/sign-in/sso-acme/token",
        "{\"code\":\"c\",\"code_verifier\":\"" + VERIFIER + "\",\"redirect_uri\":\"javascript:alert(1)\"}"), 400, "invalid_sign_in");
    assertError(silo.operator().patch("/v1/tenants/sso-none", "{\"oidc\":" + idp.settings("bad client", null) + "}"), 400, "invalid_oidc");
    assertError(silo.operator().patch("/v1/tenants/sso-none", "{\"oidc\":" + idp.settings(null, "openid") + "}"), 400, "invalid_oidc");
  }

  @Test
  void aProviderThatCannotBeReachedIsUnavailableNotAnError() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String issuer = "http://127.0.0.1:" + closed;
    assertThat(silo.operator().post("/v1/tenants", "{\"slug\":\"sso-down\",\"oidc\":{\"issuer\":\"" + issuer
        + "\",\"audience\":\"silo\",\"jwks_url\":\"" + issuer + "/jwks\",\"console_client_id\":\"c\"}}").status()).isEqualTo(201);
    assertError(silo.anonymous().get("/v1/sign-in/sso-down"), 503, "backend_unavailable");
  }

  /** The provider's side of a sign-in, as a browser goes through it: its page, then the person's choice. */
  private static String signInAtProvider(String authorizationEndpoint, String user, String scope) throws Exception {
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    String query = "response_type=code&client_id=" + CLIENT + "&redirect_uri=" + enc(redirect) + "&scope=" + enc(scope)
        + "&state=s1&code_challenge=" + TestIdentityProvider.challenge(VERIFIER) + "&code_challenge_method=S256";
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(authorizationEndpoint + "?" + query)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.body()).contains("Sign in to the test provider");
    HttpResponse<String> back = http.send(HttpRequest.newBuilder(URI.create(authorizationEndpoint))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(query + "&user=" + user)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(back.statusCode()).isEqualTo(302);
    URI location = URI.create(back.headers().firstValue("Location").orElseThrow());
    assertThat(location.toString()).startsWith(redirect);
    Map<String, String> params = new HashMap<>();
    for (String pair : location.getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      params.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    assertThat(params.get("state")).isEqualTo("s1");
    return params.get("code");
  }

  private static long failures(String target) {
    long n = 0;
    for (var e : silo.operator().get("/v1/audit?action=auth.failed&limit=1000").json().path("items")) {
      n += e.path("target").asText().equals(target) ? 1 : 0;
    }
    return n;
  }

  private static Api.Resp redeem(String tenant, String code, String verifier) {
    return silo.anonymous().post("/v1/sign-in/" + tenant + "/token",
        "{\"code\":\"" + code + "\",\"code_verifier\":\"" + verifier + "\",\"redirect_uri\":\"" + redirect + "\"}");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
