package dev.silo.server.it;

import static dev.silo.server.it.Checks.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation reaches every node at once: tokens minted on node A, the key revoked (or the tenant
 * suspended) on A, and node B refuses them on its very next request, with no wait and no cache
 * to expire, because the liveness of the minting credential is read with the token's tenant.
 */
@ExtendWith(OnPostgres.class)
class TokenRevocationOnTwoNodesTest {
  @TempDir static Path dir;
  static TwoNodes nodes;
  static TestSilo a;
  static TestSilo b;

  @BeforeAll
  static void start() throws Exception {
    nodes = TwoNodes.start(dir);
    a = nodes.a();
    b = nodes.b();
  }

  @AfterAll
  static void stop() throws Exception {
    if (nodes != null) {
      nodes.close();
    }
  }

  @Test
  void aKeyRevokedOnOneNodeEndsItsTokensOnTheOther() {
    Api full = a.tenant("two-rev");
    Api.Resp created = a.operator().post("/v1/tenants/two-rev/keys", "{\"name\":\"minting\"}");
    Api minting = a.as(created.json().path("key").asText());
    minting.put("/v1/objects/doc.txt", "document", "Content-Type", "text/plain");
    String get = onB(minting.post("/v1/sign/doc.txt", "{}").json().path("url").asText());
    String put = onB(minting.post("/v1/uploads", "{\"filename\":\"p.txt\",\"content_type\":\"text/plain\",\"size\":2}")
        .json().path("upload_url").asText());
    String tus = onB(minting.post("/v1/uploads",
            "{\"filename\":\"t.bin\",\"content_type\":\"application/octet-stream\",\"size\":4,\"resumable\":true}")
        .json().path("upload_url").asText());
    Api anonB = b.anonymous();
    // B accepts what A minted (the blob itself may live on A's disk: only the signature matters here)
    assertThat(anonB.get(get).status()).as("B verifies A's signature; the bytes are on A's disk").isIn(200, 503);
    Api.Resp createdOnB = CredentialLineageTest.tusCreate(anonB, tus, 4);
    assertThat(createdOnB.status()).as(createdOnB.toString()).isEqualTo(201);
    String location = b.url() + createdOnB.header("Location").orElseThrow();
    assertThat(CredentialLineageTest.tusHead(anonB, location).status()).isEqualTo(200);

    assertThat(full.delete("/v1/keys/" + created.json().path("id").asText()).status()).isEqualTo(204);
    assertError(anonB.get(get), 403, "invalid_signature");
    assertError(anonB.put(put, "hi", "Content-Type", "text/plain"), 403, "invalid_signature");
    assertThat(CredentialLineageTest.tusHead(anonB, location).status()).isEqualTo(403);
    assertError(CredentialLineageTest.tusPatch(anonB, location, 0, "abcd"), 403, "invalid_signature");
    assertError(anonB.send("DELETE", location, HttpRequest.BodyPublishers.noBody(), "Tus-Resumable", "1.0.0"), 403, "invalid_signature");
    assertError(b.as(minting.token()).get("/v1/tenant"), 401, "invalid_credential");
  }

  @Test
  void aTenantSuspendedOnOneNodeLosesItsTokensOnTheOther() {
    Api full = a.tenant("two-suspend");
    full.put("/v1/objects/doc.txt", "document", "Content-Type", "text/plain");
    String get = onB(full.post("/v1/sign/doc.txt", "{}").json().path("url").asText());
    assertThat(b.anonymous().get(get).status()).isIn(200, 503);
    assertThat(a.operator().patch("/v1/tenants/two-suspend", "{\"status\":\"suspended\"}").status()).isEqualTo(200);
    assertError(b.anonymous().get(get), 403, "tenant_suspended");
    assertThat(a.operator().delete("/v1/tenants/two-suspend").status()).isEqualTo(204);
    assertError(b.anonymous().get(get), 403, "invalid_signature");
  }

  private static String onB(String url) {
    assertThat(url).startsWith(a.url());
    return url.replace(a.url(), b.url());
  }
}
