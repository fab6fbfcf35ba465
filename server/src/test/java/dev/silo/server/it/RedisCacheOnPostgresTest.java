package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis metadata cache with two nodes on one PostgreSQL schema and one Redis: reads are
 * served from Redis, a write on one node is seen by the other's next read, and two tenants with
 * the same bucket and key names never see each other's entries. Lookups are by key (info, HEAD),
 * by id and listing pages, the three things the cache holds.
 */
@ExtendWith({OnPostgres.class, OnRedis.class})
class RedisCacheOnPostgresTest {
  @TempDir static Path dir;
  static TestSilo a;
  static TestSilo b;
  static RedisProbe redis;

  @BeforeAll
  static void start() throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Map<String, String> shared = Map.of("SILO_MASTER_KEY", Base64.getEncoder().encodeToString(key));
    a = TestSilo.start(dir.resolve("a"), shared);
    b = TestSilo.start(dir.resolve("b"), shared);
    redis = new RedisProbe(OnRedis.url());
  }

  @AfterAll
  static void stop() throws Exception {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
  }

  @Test
  void repeatedReadsAreAnsweredByRedis() throws Exception {
    Api t = a.tenant("cache-hits");
    a.tenant("cache-warm-up").get("/v1/objects"); // the node's connection to Redis is made in the background
    Api.Resp put = t.put("/v1/objects/docs/a.txt", "hello", "Content-Type", "text/plain");
    assertThat(put.status()).isEqualTo(201);
    String id = put.json().path("id").asText();
    List<String> reads = List.of("/v1/info/docs/a.txt", "/v1/ids/" + id, "/v1/objects?prefix=docs/");
    for (String read : reads) {
      assertThat(t.get(read).status()).isEqualTo(200); // fills the entry
      long before = redis.hits();
      assertThat(t.get(read).status()).isEqualTo(200);
      // one hit for the generation, one for the entry
      assertThat(redis.hits() - before).as("Redis hits for a repeated %s", read).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void aWriteOnOneNodeIsSeenAtOnceByTheOther() {
    Api onA = a.tenant("cache-pair");
    Api onB = b.as(onA.token());
    String id = null;
    for (int round = 0; round < 5; round++) {
      String body = "version " + round;
      Api.Resp put = onA.put("/v1/objects/k.txt", body, "Content-Type", "text/plain");
      assertThat(put.status()).isIn(200, 201);
      String newId = put.json().path("id").asText();
      // B's cache is warm from the previous round: it must see this write immediately (blobs
      // are in A's data directory here, so B is asked for metadata, not bytes)
      assertThat(onB.head("/v1/objects/k.txt").header("ETag")).isEqualTo(put.header("ETag"));
      assertThat(onB.get("/v1/info/k.txt").json().path("size").asLong()).isEqualTo(body.length());
      assertThat(sizes(onB.get("/v1/objects").json())).containsExactly((long) body.length());
      assertThat(onB.get("/v1/ids/" + newId).status()).isEqualTo(200);
      if (id != null && !id.equals(newId)) {
        assertThat(onB.get("/v1/ids/" + id).status()).as("the replaced row by id").isEqualTo(404);
      }
      id = newId;
      // warm B again
      onB.get("/v1/info/k.txt");
      onB.get("/v1/objects");
      onB.get("/v1/ids/" + id);
    }
    assertThat(onA.put("/v1/objects/z.txt", "new key", "Content-Type", "text/plain").status()).isEqualTo(201);
    assertThat(keys(onB.get("/v1/objects").json())).containsExactly("k.txt", "z.txt");

    assertThat(onA.delete("/v1/objects/k.txt").status()).isEqualTo(204);
    assertThat(onB.head("/v1/objects/k.txt").status()).isEqualTo(404);
    assertThat(onB.get("/v1/info/k.txt").status()).isEqualTo(404);
    assertThat(onB.get("/v1/ids/" + id).status()).isEqualTo(404);
    assertThat(keys(onB.get("/v1/objects").json())).containsExactly("z.txt");

    assertThat(onA.patch("/v1/info/z.txt", "{\"metadata\":{\"colour\":\"red\"}}").status()).isEqualTo(200);
    assertThat(onB.get("/v1/info/z.txt").json().path("metadata").path("colour").asText()).isEqualTo("red");
  }

  @Test
  void tenantsNeverSeeEachOthersEntries() {
    Api one = a.tenant("cache-one");
    Api two = b.tenant("cache-two");
    String idOne = one.put("/v1/objects/same/key.txt", "one's", "Content-Type", "text/plain").json().path("id").asText();
    String idTwo = two.put("/v1/objects/same/key.txt", "two's bytes", "Content-Type", "text/plain").json().path("id").asText();
    for (int i = 0; i < 3; i++) {
      for (TestSilo node : List.of(a, b)) {
        Api n1 = node.as(one.token());
        Api n2 = node.as(two.token());
        assertThat(n1.get("/v1/info/same/key.txt").json().path("id").asText()).isEqualTo(idOne);
        assertThat(n2.get("/v1/info/same/key.txt").json().path("id").asText()).isEqualTo(idTwo);
        assertThat(sizes(n1.get("/v1/objects?prefix=same/").json())).containsExactly(5L);
        assertThat(sizes(n2.get("/v1/objects?prefix=same/").json())).containsExactly(11L);
        assertThat(n1.get("/v1/ids/" + idTwo).status()).isEqualTo(404);
        assertThat(n2.get("/v1/ids/" + idOne).status()).isEqualTo(404);
        assertThat(n1.get("/v1/ids/" + idOne).status()).isEqualTo(200);
      }
    }
  }

  private static List<String> keys(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.path("items").forEach(o -> out.add(o.path("key").asText()));
    return out;
  }

  private static List<Long> sizes(JsonNode page) {
    List<Long> out = new ArrayList<>();
    page.path("items").forEach(o -> out.add(o.path("size").asLong()));
    return out;
  }
}
