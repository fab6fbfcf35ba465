package dev.silo.server.it;

import static dev.silo.server.it.Checks.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13's attacks on authorization inside a tenant: a credential never makes one with more
 * scopes than it has (API keys, JWTs, the operator excepted), and every token a credential minted
 * (signed GET URL, presigned PUT URL, TUS upload token) dies with it: when the key is revoked, the
 * tenant suspended or deleted, or the JWT's tenant stops trusting its issuer.
 */
class CredentialLineageTest {
  private static final String TUS = "1.0.0";

  @TempDir static Path dir;
  static TestSilo silo;
  static HttpServer idp;
  static RSAKey idpKey;
  static String issuer;

  @BeforeAll
  static void start() throws Exception {
    idpKey = new RSAKeyGenerator(2048).keyID("lineage-1").generate();
    idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] jwks = new JWKSet(idpKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    idp.createContext("/idp/jwks", ex -> {
      ex.sendResponseHeaders(200, jwks.length);
      ex.getResponseBody().write(jwks);
      ex.close();
    });
    idp.start();
    issuer = "http://127.0.0.1:" + idp.getAddress().getPort() + "/idp";
    silo = TestSilo.start(dir.resolve("data"), Map.of("SILO_WEBHOOK_ALLOW_PRIVATE", "true"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (silo != null) {
      silo.close();
    }
    idp.stop(0);
  }

  // ---------------------------------------------------------------- scopes never grow

  @Test
  void anAdminOnlyKeyMakesAdminOnlyKeysAndNothingMore() {
    Api full = silo.tenant("grow-key");
    full.put("/v1/objects/secret.txt", "s", "Content-Type", "text/plain");
    Api admin = key(silo.operator(), "/v1/tenants/grow-key/keys", "[\"admin\"]");

    Api.Resp made = admin.post("/v1/keys", "{\"name\":\"x\"}");
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    assertThat(scopes(made.json())).containsExactly("admin");
    Api child = silo.as(made.json().path("key").asText());
    assertError(child.get("/v1/objects/secret.txt"), 403, "insufficient_scope");
    assertError(child.delete("/v1/objects/secret.txt"), 403, "insufficient_scope");

    for (String asked : List.of("[\"read\"]", "[\"admin\",\"write\"]", "[\"delete\"]")) {
      assertError(admin.post("/v1/keys", "{\"name\":\"y\",\"scopes\":" + asked + "}"), 403, "insufficient_scope");
    }
    // S3 credentials: the same rule
    Api.Resp s3 = admin.post("/v1/s3-credentials", "{\"description\":\"x\"}");
    assertThat(s3.status()).as(s3.toString()).isEqualTo(201);
    assertThat(scopes(s3.json())).containsExactly("admin");
    assertError(admin.post("/v1/s3-credentials", "{\"scopes\":[\"read\",\"write\"]}"), 403, "insufficient_scope");
    // a key with read and admin may hand on read, or both
    Api readAdmin = key(silo.operator(), "/v1/tenants/grow-key/keys", "[\"read\",\"admin\"]");
    Api.Resp reader = readAdmin.post("/v1/keys", "{\"scopes\":[\"read\"]}");
    assertThat(scopes(reader.json())).containsExactly("read");
    assertThat(scopes(readAdmin.post("/v1/keys", "{}").json())).containsExactlyInAnyOrder("read", "admin");
    assertThat(silo.as(reader.json().path("key").asText()).get("/v1/objects/secret.txt").body()).isEqualTo("s");
    // nothing was stored for the refused requests
    long keys = 0;
    for (JsonNode k : full.get("/v1/keys").json().path("items")) {
      keys++;
      assertThat(k.path("name").asText()).isNotEqualTo("y");
    }
    assertThat(keys).isEqualTo(6); // test, admin, x, read+admin, reader, {}
  }

  @Test
  void theOperatorMayGrantAnyScope() {
    silo.tenant("grow-op");
    Api.Resp k = silo.operator().post("/v1/tenants/grow-op/keys", "{\"name\":\"w\",\"scopes\":[\"write\",\"delete\"]}");
    assertThat(scopes(k.json())).containsExactlyInAnyOrder("write", "delete");
    Api.Resp all = silo.operator().post("/v1/tenants/grow-op/keys", "{\"name\":\"all\"}");
    assertThat(scopes(all.json())).containsExactlyInAnyOrder("read", "write", "delete", "admin");
    Api.Resp viaHeader = silo.operator().post("/v1/keys", "{\"scopes\":[\"read\"]}", "x-tenant-id", "grow-op");
    assertThat(scopes(viaHeader.json())).containsExactly("read");
    Api.Resp s3 = silo.operator().post("/v1/tenants/grow-op/s3-credentials", "{\"scopes\":[\"read\",\"write\"]}");
    assertThat(scopes(s3.json())).containsExactlyInAnyOrder("read", "write");
  }

  @Test
  void aJwtWithAdminOnlyMakesAdminOnlyCredentials() {
    tenantTrusting("grow-jwt", issuer);
    Api jwt = silo.as(JwtAuthTest.jwt(idpKey, issuer, "tenant", "grow-jwt", "scope", "admin"));
    Api.Resp made = jwt.post("/v1/keys", "{\"name\":\"from-jwt\"}");
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    assertThat(scopes(made.json())).containsExactly("admin");
    assertError(jwt.post("/v1/keys", "{\"scopes\":[\"read\",\"write\",\"delete\",\"admin\"]}"), 403, "insufficient_scope");
    assertThat(scopes(jwt.post("/v1/s3-credentials", "{}").json())).containsExactly("admin");
    assertError(jwt.post("/v1/s3-credentials", "{\"scopes\":[\"write\"]}"), 403, "insufficient_scope");
  }

  // ---------------------------------------------------------------- lineage

  @Test
  void everyTokenOfARevokedKeyIsRefused() {
    Api full = silo.tenant("rev-key");
    full.put("/v1/objects/doc.txt", "document", "Content-Type", "text/plain");
    Api.Resp created = silo.operator().post("/v1/tenants/rev-key/keys", "{\"name\":\"minting\"}");
    Api minting = silo.as(created.json().path("key").asText());
    Api anon = silo.anonymous();

    String get = minting.post("/v1/sign/doc.txt", "{}").json().path("url").asText();
    String byId = minting.get("/v1/ids/" + full.get("/v1/info/doc.txt").json().path("id").asText() + "/download-url")
        .json().path("url").asText();
    String put = minting.post("/v1/uploads", "{\"filename\":\"p.txt\",\"content_type\":\"text/plain\",\"size\":2}")
        .json().path("upload_url").asText();
    String tusCreate = minting.post("/v1/uploads",
            "{\"filename\":\"t.bin\",\"content_type\":\"application/octet-stream\",\"size\":4,\"resumable\":true}")
        .json().path("upload_url").asText();
    String tusSecond = minting.post("/v1/uploads",
            "{\"filename\":\"u.bin\",\"content_type\":\"application/octet-stream\",\"size\":4,\"resumable\":true}")
        .json().path("upload_url").asText();
    // all of them work while the key lives
    assertThat(anon.get(get).body()).isEqualTo("document");
    assertThat(anon.get(byId).body()).isEqualTo("document");
    Api.Resp tus = tusCreate(anon, tusCreate, 4);
    assertThat(tus.status()).as(tus.toString()).isEqualTo(201);
    String location = silo.url() + tus.header("Location").orElseThrow();
    assertThat(tusPatch(anon, location, 0, "ab").status()).isEqualTo(204);

    assertThat(full.delete("/v1/keys/" + created.json().path("id").asText()).status()).isEqualTo(204);
    assertError(minting.get("/v1/tenant"), 401, "invalid_credential");
    assertError(anon.get(get), 403, "invalid_signature");
    assertThat(anon.head(get).status()).isEqualTo(403);
    assertError(anon.get(byId), 403, "invalid_signature");
    assertError(anon.put(put, "hi", "Content-Type", "text/plain"), 403, "invalid_signature");
    assertError(tusCreate(anon, tusSecond, 4), 403, "invalid_signature");
    assertThat(tusHead(anon, location).status()).isEqualTo(403);
    assertError(tusPatch(anon, location, 2, "cd"), 403, "invalid_signature");
    assertError(anon.send("DELETE", location, HttpRequest.BodyPublishers.noBody(), "Tus-Resumable", TUS), 403, "invalid_signature");
    // nothing was published or staged through them
    assertThat(full.get("/v1/info/doc.txt").json().path("size").asLong()).isEqualTo(8);
    assertThat(keysOf(full.get("/v1/objects?limit=100").json())).containsExactly("doc.txt");
    // another key's tokens live on
    String other = full.post("/v1/sign/doc.txt", "{}").json().path("url").asText();
    assertThat(anon.get(other).body()).isEqualTo("document");
  }

  @Test
  void suspendingOrDeletingTheTenantEndsItsTokens() {
    Api full = silo.tenant("rev-tenant");
    full.put("/v1/objects/doc.txt", "document", "Content-Type", "text/plain");
    String get = full.post("/v1/sign/doc.txt", "{}").json().path("url").asText();
    String put = full.post("/v1/uploads", "{\"filename\":\"p.txt\",\"content_type\":\"text/plain\",\"size\":2}")
        .json().path("upload_url").asText();
    String tus = full.post("/v1/uploads", "{\"filename\":\"t.bin\",\"content_type\":\"application/octet-stream\",\"size\":4,\"resumable\":true}")
        .json().path("upload_url").asText();
    Api anon = silo.anonymous();
    assertThat(anon.get(get).status()).isEqualTo(200);

    assertThat(silo.operator().patch("/v1/tenants/rev-tenant", "{\"status\":\"suspended\"}").status()).isEqualTo(200);
    assertError(anon.get(get), 403, "tenant_suspended");
    assertError(anon.put(put, "hi", "Content-Type", "text/plain"), 403, "tenant_suspended");
    assertError(tusCreate(anon, tus, 4), 403, "tenant_suspended");
    assertThat(silo.operator().patch("/v1/tenants/rev-tenant", "{\"status\":\"active\"}").status()).isEqualTo(200);
    assertThat(anon.get(get).body()).as("the key was never revoked").isEqualTo("document");

    assertThat(silo.operator().delete("/v1/tenants/rev-tenant").status()).isEqualTo(204);
    assertError(anon.get(get), 403, "invalid_signature");
    assertError(anon.put(put, "hi", "Content-Type", "text/plain"), 403, "invalid_signature");
    assertError(tusCreate(anon, tus, 4), 403, "invalid_signature");
  }

  @Test
  void jwtTokensDieWithTheTenantOrItsTrustInTheIssuer() {
    tenantTrusting("rev-jwt", issuer);
    Api jwt = silo.as(JwtAuthTest.jwt(idpKey, issuer, "tenant", "rev-jwt", "scope", "read write"));
    assertThat(jwt.put("/v1/objects/j.txt", "from jwt", "Content-Type", "text/plain").status()).isEqualTo(201);
    String get = jwt.post("/v1/sign/j.txt", "{}").json().path("url").asText();
    String tus = jwt.post("/v1/uploads", "{\"filename\":\"t.bin\",\"content_type\":\"application/octet-stream\",\"size\":4,\"resumable\":true}")
        .json().path("upload_url").asText();
    Api anon = silo.anonymous();
    assertThat(anon.get(get).body()).isEqualTo("from jwt");
    Api.Resp created = tusCreate(anon, tus, 4);
    assertThat(created.status()).isEqualTo(201);
    String location = silo.url() + created.header("Location").orElseThrow();
    assertThat(tusPatch(anon, location, 0, "abcd").status()).isEqualTo(204);
    // the audit log names the bearer of the token and the credential that minted it
    assertThat(silo.operator().get("/v1/audit?tenant=rev-jwt&action=object.created").json().path("items")
        .findValuesAsText("actor")).contains("jwt:user-1", "signed-url:jwt:user-1");

    silo.operator().patch("/v1/tenants/rev-jwt", "{\"status\":\"suspended\"}");
    assertError(anon.get(get), 403, "tenant_suspended");
    assertThat(tusHead(anon, location).status()).isEqualTo(403);
    silo.operator().patch("/v1/tenants/rev-jwt", "{\"status\":\"active\"}");
    assertThat(anon.get(get).status()).isEqualTo(200);

    // the tenant moves to another identity provider: what the old one's users minted is void
    Api.Resp moved = silo.operator().patch("/v1/tenants/rev-jwt",
        "{\"oidc\":{\"issuer\":\"https://idp.example\",\"audience\":\"silo\",\"jwks_url\":\"https://idp.example/jwks\"}}");
    assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    assertError(anon.get(get), 403, "invalid_signature");
    assertThat(tusHead(anon, location).status()).isEqualTo(403);
  }

  @Test
  void operatorTokensLiveWhileTheTenantDoes() {
    silo.tenant("rev-op");
    Api op = silo.operator();
    op.put("/v1/objects/o.txt", "by operator", "Content-Type", "text/plain", "x-tenant-id", "rev-op");
    String get = op.post("/v1/sign/o.txt", "{}", "x-tenant-id", "rev-op").json().path("url").asText();
    assertThat(silo.anonymous().get(get).body()).isEqualTo("by operator");
    op.patch("/v1/tenants/rev-op", "{\"status\":\"suspended\"}");
    assertError(silo.anonymous().get(get), 403, "tenant_suspended");
  }

  // ---------------------------------------------------------------- helpers

  private static void tenantTrusting(String slug, String iss) {
    Api.Resp r = silo.operator().post("/v1/tenants", "{\"slug\":\"" + slug + "\",\"oidc\":{\"issuer\":\"" + iss
        + "\",\"audience\":\"silo\",\"jwks_url\":\"" + iss + "/jwks\",\"tenant_claim\":\"tenant\"}}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  private static Api key(Api operator, String path, String scopes) {
    Api.Resp r = operator.post(path, "{\"name\":\"scoped\",\"scopes\":" + scopes + "}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return silo.as(r.json().path("key").asText());
  }

  private static List<String> scopes(JsonNode credential) {
    List<String> out = new ArrayList<>();
    credential.path("scopes").forEach(s -> out.add(s.asText()));
    return out;
  }

  private static List<String> keysOf(JsonNode listing) {
    List<String> out = new ArrayList<>();
    listing.path("items").forEach(i -> out.add(i.path("key").asText()));
    return out;
  }

  static Api.Resp tusCreate(Api api, String url, long length) {
    return api.send("POST", url, HttpRequest.BodyPublishers.noBody(), "Tus-Resumable", TUS, "Upload-Length", Long.toString(length));
  }

  static Api.Resp tusHead(Api api, String location) {
    return api.send("HEAD", location, HttpRequest.BodyPublishers.noBody(), "Tus-Resumable", TUS);
  }

  static Api.Resp tusPatch(Api api, String location, long offset, String chunk) {
    return api.send("PATCH", location, HttpRequest.BodyPublishers.ofString(chunk), "Tus-Resumable", TUS,
        "Upload-Offset", Long.toString(offset), "Content-Type", "application/offset+octet-stream");
  }
}
