package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Silo nodes on one PostgreSQL schema, with the same master key and operator token and data
 * directories of their own: everything that lives in metadata is shared at once. Blobs are not
 * (the filesystem store is single-node), so a signed URL of A is only checked to pass B's
 * signature check here; {@link TwoNodesOnS3PostgresTest} runs the same on one S3 backend, where B
 * serves A's bytes.
 */
@ExtendWith(OnPostgres.class)
class TwoNodesOnPostgresTest {
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
  void tenantsAndKeysMadeOnOneNodeWorkOnTheOther() {
    assertThat(a.operator().post("/v1/tenants", "{\"slug\":\"twin\",\"name\":\"Twin\"}").status())
        .isEqualTo(201);
    assertThat(slugs(b.operator().get("/v1/tenants").json())).contains("twin");

    Api.Resp created = a.operator().post("/v1/tenants/twin/keys", "{\"name\":\"k\"}");
    assertThat(created.status()).isEqualTo(201);
    String key = created.json().path("key").asText();
    assertThat(b.as(key).get("/v1/tenant").json().path("slug").asText()).isEqualTo("twin");
    long reads = KeysKeptInMemoryTest.globalReads(b);
    for (int i = 0; i < 5; i++) {
      assertThat(b.as(key).get("/v1/tenant").status()).isEqualTo(200);
    }
    assertThat(KeysKeptInMemoryTest.globalReads(b) - reads)
        .as("on PostgreSQL a node keeps no key: each request reads its own")
        .isGreaterThanOrEqualTo(5);

    assertThat(a.as(key).delete("/v1/keys/" + created.json().path("id").asText()).status())
        .isEqualTo(204);
    assertThat(b.as(key).get("/v1/tenant").status()).as("revoked on A, refused by B").isEqualTo(401);
  }

  @Test
  void aWriteOnOneNodeIsListedAndSignedForTheOther() {
    Api onA = a.tenant("pair");
    Api onB = b.as(onA.token());
    assertThat(onA.put("/v1/objects/docs/one.txt", "from A", "Content-Type", "text/plain").status())
        .isEqualTo(201);
    assertThat(keys(onB.get("/v1/objects").json())).containsExactly("docs/one.txt");
    assertThat(onB.head("/v1/objects/docs/one.txt").header("ETag")).isPresent();

    String signed = onA.post("/v1/sign/docs/one.txt", "{\"ttl_seconds\":300}").json().path("url").asText();
    assertThat(a.anonymous().get(signed).body()).isEqualTo("from A");
    String onBUrl = signed.replace(a.url(), b.url());
    assertThat(onBUrl).startsWith(b.url());
    Api.Resp viaB = b.anonymous().get(onBUrl);
    if (blobsShared()) {
      assertThat(viaB.status()).as("B honours A's signed URL").isEqualTo(200);
      assertThat(viaB.body()).isEqualTo("from A");
      assertThat(onB.get("/v1/objects/docs/one.txt").body()).isEqualTo("from A");
    } else {
      // a small object is inline: its bytes are in the shared database, so B serves it too
      assertThat(viaB.status()).as("B honours A's signed URL").isEqualTo(200);
      assertThat(viaB.body()).isEqualTo("from A");
      // B accepts A's signature and resolves a big object, but its bytes are in A's data directory
      assertThat(onA.put("/v1/objects/docs/big.txt", "from A".repeat(20_000), "Content-Type", "text/plain").status())
          .isEqualTo(201);
      String big = onA.post("/v1/sign/docs/big.txt", "{\"ttl_seconds\":300}").json().path("url").asText();
      Api.Resp bigViaB = b.anonymous().get(big.replace(a.url(), b.url()));
      assertThat(bigViaB.status()).as("B verifies A's signature").isEqualTo(503);
      assertThat(bigViaB.errorCode()).isEqualTo("backend_unavailable");
    }
    String tampered = onBUrl.replace("/docs/one.txt", "/docs/two.txt");
    assertThat(b.anonymous().get(tampered).status()).as("B still checks it").isEqualTo(403);
  }

  /** Whether both nodes store blobs in one place (an S3 backend), so B can serve A's bytes. */
  boolean blobsShared() {
    return false;
  }

  private static List<String> slugs(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.path("items").forEach(t -> out.add(t.path("slug").asText()));
    return out;
  }

  private static List<String> keys(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.path("items").forEach(o -> out.add(o.path("key").asText()));
    return out;
  }
}
