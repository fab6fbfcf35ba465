package dev.silo.server.it;

import static dev.silo.server.it.Checks.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-tenant OIDC end to end: settings through the operator API, JWTs from a real JWKS endpoint
 * as tenant credentials with their scopes, tenant A's issuer unable to speak for tenant B, and
 * failed authentications in the operator's audit log.
 */
class JwtAuthTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static HttpServer idp;
  static String issuerA;
  static String issuerB;
  static RSAKey keyA;
  static RSAKey keyB;

  @BeforeAll
  static void start() throws Exception {
    keyA = new RSAKeyGenerator(2048).keyID("a-1").generate();
    keyB = new RSAKeyGenerator(2048).keyID("b-1").generate();
    idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    serve("/a/jwks", keyA);
    serve("/b/jwks", keyB);
    idp.start();
    String base = "http://127.0.0.1:" + idp.getAddress().getPort();
    issuerA = base + "/a";
    issuerB = base + "/b";
    silo = TestSilo.start(dir.resolve("data"), Map.of("SILO_WEBHOOK_ALLOW_PRIVATE", "true"));
    Api.Resp a = silo.operator().post("/v1/tenants", "{\"slug\":\"jwt-alpha\",\"oidc\":" + oidc(issuerA, "tenant") + "}");
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    assertThat(a.json().path("oidc").path("jwks_url").asText()).isEqualTo(issuerA + "/jwks");
    silo.operator().post("/v1/tenants", "{\"slug\":\"jwt-bravo\"}");
    Api.Resp b = silo.operator().patch("/v1/tenants/jwt-bravo",
        "{\"oidc\":{\"issuer\":\"" + issuerB + "\",\"audience\":\"silo\",\"jwks_url\":\"" + issuerB + "/jwks\","
            + "\"tenant_claim\":\"org\",\"scopes_claim\":\"roles\",\"scope_map\":{\"storage-reader\":[\"read\"]}}}");
    assertThat(b.status()).as(b.body()).isEqualTo(200);
    assertThat(b.json().path("oidc").path("scope_map").path("storage-reader").get(0).asText()).isEqualTo("read");
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
    idp.stop(0);
  }

  @Test
  void aJwtIsATenantCredentialWithItsScopes() {
    Api writer = silo.as(jwt(keyA, issuerA, "tenant", "jwt-alpha", "scope", "read write"));
    assertThat(writer.get("/v1/tenant").json().path("slug").asText()).isEqualTo("jwt-alpha");
    assertThat(writer.put("/v1/objects/hello.txt", "hi", "Content-Type", "text/plain").status()).isEqualTo(201);
    assertThat(writer.get("/v1/objects/hello.txt").body()).isEqualTo("hi");
    assertError(writer.delete("/v1/objects/hello.txt"), 403, "insufficient_scope");
    Api reader = silo.as(jwt(keyB, issuerB, "org", "jwt-bravo", "roles", "storage-reader"));
    assertThat(reader.get("/v1/objects").status()).isEqualTo(200);
    assertError(reader.put("/v1/objects/x.txt", "x", "Content-Type", "text/plain"), 403, "insufficient_scope");
    // the audit log names the JWT's subject
    Api.Resp audit = silo.operator().get("/v1/audit?tenant=jwt-alpha&action=object.created");
    assertThat(audit.json().path("items").get(0).path("actor").asText()).isEqualTo("jwt:user-1");
  }

  @Test
  void tenantAsIssuerCannotSpeakForTenantB() {
    // A's key and issuer, claiming B under B's claim name and A's
    Api forged = silo.as(jwt(keyA, issuerA, "org", "jwt-bravo", "tenant", "jwt-bravo"));
    assertError(forged.get("/v1/tenant"), 401, "invalid_credential");
    // B's issuer named, signed with A's key
    assertError(silo.as(jwt(keyA, issuerB, "org", "jwt-bravo", "roles", "storage-reader")).get("/v1/tenant"), 401, "invalid_credential");
  }

  @Test
  void failedAuthenticationsAreAudited() {
    assertError(silo.as("eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.").get("/v1/tenant"), 401, "invalid_credential");
    assertError(silo.as("jwt-alpha_sk_" + "A".repeat(43)).get("/v1/tenant"), 401, "invalid_credential");
    Api.Resp audit = silo.operator().get("/v1/audit?action=auth.failed");
    assertThat(audit.status()).isEqualTo(200);
    assertThat(audit.json().path("items").findValuesAsText("target")).contains("jwt", "api-key:jwt-alpha");
    assertThat(audit.json().path("items").findValuesAsText("outcome")).containsOnly("failure");
  }

  @Test
  void invalidOidcSettingsAreRefused() {
    assertError(silo.operator().post("/v1/tenants", "{\"slug\":\"jwt-bad\",\"oidc\":{\"issuer\":\"ftp://x\",\"audience\":\"a\",\"jwks_url\":\"https://x/jwks\"}}"), 400, "invalid_oidc");
    assertError(silo.operator().post("/v1/tenants", "{\"slug\":\"jwt-bad\",\"oidc\":{\"issuer\":\"https://x\",\"jwks_url\":\"https://x/jwks\"}}"), 400, "invalid_oidc");
    assertError(silo.operator().patch("/v1/tenants/jwt-alpha", "{\"oidc\":{\"issuer\":\"https://x\",\"audience\":\"a\",\"jwks_url\":\"https://x/j\",\"nope\":1}}"), 400, "unknown_field");
  }

  private static String oidc(String issuer, String claim) {
    return "{\"issuer\":\"" + issuer + "\",\"audience\":\"silo\",\"jwks_url\":\"" + issuer + "/jwks\",\"tenant_claim\":\"" + claim + "\"}";
  }

  static String jwt(RSAKey key, String issuer, String claim1, String value1, String claim2, String value2) {
    try {
      Instant now = Instant.now();
      JWTClaimsSet claims =
          new JWTClaimsSet.Builder()
              .issuer(issuer)
              .audience("silo")
              .subject("user-1")
              .claim(claim1, value1)
              .claim(claim2, value2)
              .expirationTime(Date.from(now.plusSeconds(300)))
              .build();
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void serve(String path, RSAKey key) {
    byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    idp.createContext(path, ex -> {
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
  }
}
