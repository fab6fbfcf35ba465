package dev.silo.server.it;

import static dev.silo.server.it.Checks.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Versioning over the REST API, on SQLite and the filesystem (subclasses: PostgreSQL and S3):
 * overwrite keeps both versions, delete writes a marker, restore brings a version back sharing its
 * bytes, permanent deletion frees usage and storage, suspended versioning overwrites the null
 * version in place. Each test has a tenant of its own.
 */
class VersioningTest {
  @TempDir static Path dir;
  static TestSilo silo;

  @BeforeAll
  static void start() throws Exception {
    // every object a blob, so that the blobs counted show what a restore shares and a delete frees
    // (versions of inline objects: VersioningContract)
    silo = TestSilo.start(dir.resolve("data"), java.util.Map.of("SILO_INLINE_MAX", "0"));
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  private static Api versioned(String slug, String limits) {
    Api t = silo.tenant(slug, limits);
    Api.Resp on = t.patch("/v1/buckets/" + slug, "{\"versioning\":\"enabled\"}");
    assertThat(on.status()).as("%s", on).isEqualTo(200);
    assertThat(on.json().path("versioning").asText()).isEqualTo("enabled");
    return t;
  }

  private static String put(Api t, String key, String text) {
    Api.Resp r = t.put("/v1/objects/" + key, text, "Content-Type", "text/plain");
    assertThat(r.status()).as("%s", r).isIn(200, 201);
    assertThat(r.header("X-Silo-Version-Id")).contains(r.json().path("version_id").asText());
    return r.json().path("version_id").asText();
  }

  private static List<String> versions(Api t, String query) {
    Api.Resp r = t.get("/v1/versions" + query);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    List<String> out = new ArrayList<>();
    for (JsonNode v : r.json().path("items")) {
      out.add(v.path("key").asText() + " " + v.path("version_id").asText()
          + (v.path("is_latest").asBoolean() ? " latest" : "") + (v.path("delete_marker").asBoolean() ? " marker" : ""));
    }
    return out;
  }

  @Test
  void overwriteKeepsBothVersionsAndDeleteRestoreAndPermanentDeleteWork() throws Exception {
    Api t = versioned("ver-flow", null);
    String v1 = put(t, "docs/a.txt", "first");
    String v2 = put(t, "docs/a.txt", "second!");
    assertThat(v1).isNotEqualTo(v2);
    assertThat(t.get("/v1/objects/docs/a.txt").body()).isEqualTo("second!");
    assertThat(t.get("/v1/objects/docs/a.txt?version_id=" + v1).body()).isEqualTo("first");
    Api.Resp head = t.head("/v1/objects/docs/a.txt?version_id=" + v1);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).contains("5");
    assertThat(head.header("X-Silo-Version-Id")).contains(v1);
    assertThat(t.get("/v1/info/docs/a.txt?version_id=" + v1).json().path("size").asLong()).isEqualTo(5);
    assertThat(t.get("/v1/objects/docs/a.txt?version_id=" + v2, "Range", "bytes=0-1").body()).isEqualTo("se");
    assertThat(versions(t, "")).containsExactly("docs/a.txt " + v2 + " latest", "docs/a.txt " + v1);
    JsonNode usage = t.get("/v1/tenant").json().path("usage");
    assertThat(usage.path("bytes").asLong()).isEqualTo(12);
    assertThat(usage.path("objects").asLong()).isEqualTo(2);
    assertThat(usage.path("noncurrent_bytes").asLong()).isEqualTo(5);
    assertThat(usage.path("current_bytes").asLong()).isEqualTo(7);
    silo.awaitBlobs("ver-flow", 2);

    Api.Resp deleted = t.delete("/v1/objects/docs/a.txt");
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.header("X-Silo-Delete-Marker")).contains("true");
    String marker = deleted.header("X-Silo-Version-Id").orElseThrow();
    assertError(t.get("/v1/objects/docs/a.txt"), 404, "object_not_found");
    assertThat(t.get("/v1/objects").json().path("items").size()).isZero();
    assertThat(t.get("/v1/objects/docs/a.txt?version_id=" + v2).body()).isEqualTo("second!");
    assertError(t.get("/v1/objects/docs/a.txt?version_id=" + marker), 404, "version_not_found");
    assertThat(versions(t, "?prefix=docs/"))
        .containsExactly("docs/a.txt " + marker + " latest marker", "docs/a.txt " + v2, "docs/a.txt " + v1);

    Api.Resp restored = t.post("/v1/objects/docs/a.txt/restore", "{\"version_id\":\"" + v1 + "\"}");
    assertThat(restored.status()).as("%s", restored).isEqualTo(201);
    String v3 = restored.json().path("version_id").asText();
    assertThat(v3).isNotIn(v1, v2, marker);
    assertThat(t.get("/v1/objects/docs/a.txt").body()).isEqualTo("first");
    assertThat(silo.awaitBlobs("ver-flow", 2)).as("the restore shares the bytes of " + v1).hasSize(2);

    // delete every version for good: usage and storage go to zero
    for (String v : List.of(v1, v2, marker, v3)) {
      assertThat(t.delete("/v1/objects/docs/a.txt?version_id=" + v).status()).as(v).isEqualTo(204);
    }
    assertThat(versions(t, "")).isEmpty();
    usage = t.get("/v1/tenant").json().path("usage");
    assertThat(usage.path("bytes").asLong()).isZero();
    assertThat(usage.path("objects").asLong()).isZero();
    assertThat(silo.awaitBlobs("ver-flow", 0)).isEmpty();
    assertThat(t.get("/v1/audit?limit=1000").body()).contains("object.version_deleted");
  }

  @Test
  void deletingTheCurrentVersionForGoodBringsBackThePreviousOne() {
    Api t = versioned("ver-current", null);
    put(t, "k.txt", "old");
    String v2 = put(t, "k.txt", "newer");
    assertThat(t.delete("/v1/objects/k.txt?version_id=" + v2).status()).isEqualTo(204);
    assertThat(t.get("/v1/objects/k.txt").body()).isEqualTo("old");
    assertError(t.delete("/v1/objects/k.txt?version_id=" + v2), 404, "version_not_found");
    assertError(t.get("/v1/objects/k.txt?version_id=not-a-version"), 404, "version_not_found");
  }

  @Test
  void suspendedVersioningOverwritesTheNullVersionInPlace() throws Exception {
    Api t = silo.tenant("ver-suspended");
    put(t, "k.txt", "legacy");
    assertThat(t.patch("/v1/buckets/ver-suspended", "{\"versioning\":\"enabled\"}").status()).isEqualTo(200);
    String v1 = put(t, "k.txt", "v1");
    Api.Resp suspended = t.patch("/v1/buckets/ver-suspended", "{\"versioning\":\"suspended\",\"noncurrent_days\":7}");
    assertThat(suspended.json().path("versioning").asText()).isEqualTo("suspended");
    assertThat(suspended.json().path("noncurrent_days").asInt()).isEqualTo(7);
    assertThat(t.get("/v1/buckets/ver-suspended").json().path("noncurrent_days").asInt()).isEqualTo(7);
    assertThat(put(t, "k.txt", "null-1")).isEqualTo("null");
    assertThat(put(t, "k.txt", "nul-2")).isEqualTo("null");
    assertThat(versions(t, "")).containsExactly("k.txt null latest", "k.txt " + v1);
    assertThat(t.get("/v1/objects/k.txt?version_id=null").body()).isEqualTo("nul-2");
    assertThat(t.get("/v1/tenant").json().at("/usage/bytes").asLong()).isEqualTo(7);
    assertThat(silo.awaitBlobs("ver-suspended", 2)).hasSize(2);
    assertError(t.patch("/v1/buckets/ver-suspended", "{\"versioning\":\"off\"}"), 400, "invalid_versioning");
    assertError(t.patch("/v1/buckets/ver-suspended", "{\"noncurrent_days\":0}"), 400, "invalid_noncurrent_days");
    assertThat(t.patch("/v1/buckets/ver-suspended", "{\"noncurrent_days\":null}").json().path("noncurrent_days").isNull()).isTrue();
  }

  /**
   * A bucket's lifecycle rules over REST: replaced as a whole, read back with noncurrent_days
   * among them, refused with a clear error that changes nothing, removed.
   */
  @Test
  void lifecycleRulesAreReplacedReadAndRefusedClearly() {
    Api t = silo.tenant("ver-rules");
    String path = "/v1/buckets/ver-rules/lifecycle";
    assertThat(t.get(path).json().path("rules")).isEmpty();
    Api.Resp set = t.put(path, """
        {"rules": [{"id": "logs", "prefix": "logs/", "expiration_days": 7, "abort_incomplete_upload_days": 2},
                   {"prefix": "archive/", "expiration_date": "2030-01-01", "enabled": false,
                    "tags": {"state": "done"}, "object_size_greater_than": 0, "object_size_less_than": 1000}]}
        """, "Content-Type", "application/json");
    assertThat(set.status()).as("%s", set).isEqualTo(200);
    JsonNode rules = t.get(path).json().path("rules");
    assertThat(rules).hasSize(2);
    assertThat(rules.get(0).path("expiration_days").asInt()).isEqualTo(7);
    assertThat(rules.get(0).path("abort_incomplete_upload_days").asInt()).isEqualTo(2);
    assertThat(rules.get(1).path("id").asText()).as("named by its position").isEqualTo("rule-2");
    assertThat(rules.get(1).path("expiration_date").asText()).isEqualTo("2030-01-01");
    assertThat(rules.get(1).path("enabled").asBoolean()).isFalse();
    assertThat(rules.get(1).path("tags").path("state").asText()).isEqualTo("done");
    assertThat(rules.get(1).path("object_size_less_than").asLong()).isEqualTo(1000);

    assertThat(t.patch("/v1/buckets/ver-rules", "{\"noncurrent_days\":5}").status()).isEqualTo(200);
    assertThat(t.get(path).json().path("rules")).extracting(r -> r.path("id").asText())
        .containsExactly("logs", "rule-2", "noncurrent-days");

    JsonNode before = t.get(path).json();
    for (String bad : List.of(
        "{\"rules\": [{\"id\": \"none\"}]}",
        "{\"rules\": [{\"id\": \"a\", \"expiration_days\": 1}, {\"id\": \"a\", \"noncurrent_days\": 1}]}",
        "{\"rules\": [{\"expiration_days\": 0}]}",
        "{\"rules\": [{\"expiration_days\": 1, \"expiration_date\": \"2030-01-01\"}]}",
        "{\"rules\": [{\"expiration_days\": 1, \"expired_object_delete_marker\": true}]}",
        "{\"rules\": [{\"abort_incomplete_upload_days\": 1, \"tags\": {\"a\": \"b\"}}]}")) {
      assertError(t.put(path, bad, "Content-Type", "application/json"), 400, "invalid_lifecycle");
    }
    for (String bad : List.of("{\"rules\": [{\"expiration_days\": \"soon\"}]}", "{\"rules\": [{\"transition\": 1}]}",
        "{\"rules\": [{\"expiration_date\": \"next week\"}]}", "{}")) {
      assertThat(t.put(path, bad, "Content-Type", "application/json").status()).as(bad).isEqualTo(400);
    }
    assertThat(t.get(path).json()).as("a refused change changes nothing").isEqualTo(before);

    assertThat(t.delete(path).status()).isEqualTo(204);
    assertThat(t.get(path).json().path("rules")).isEmpty();
    assertThat(t.get("/v1/buckets/ver-rules").json().path("noncurrent_days").isNull()).isTrue();
    assertError(t.get("/v1/buckets/no-such-bucket/lifecycle"), 404, "bucket_not_found");
  }

  @Test
  void everyVersionCountsAgainstTheLimits() {
    Api t = versioned("ver-quota", "{\"max_objects\":2,\"max_bytes\":100}");
    put(t, "k.txt", "1");
    put(t, "k.txt", "2");
    assertError(t.put("/v1/objects/k.txt", "3", "Content-Type", "text/plain"), 413, null);
    assertThat(t.get("/v1/objects/k.txt").body()).isEqualTo("2");
  }

  @Test
  void aSignedUrlReadsTheVersionItWasSignedForAndNoOther() {
    Api t = versioned("ver-signed", null);
    String v1 = put(t, "k.txt", "one");
    String v2 = put(t, "k.txt", "two");
    String current = t.post("/v1/sign/k.txt", "{}").json().path("url").asText();
    assertThat(silo.anonymous().get(current).body()).isEqualTo("two");
    assertError(silo.anonymous().get(current + "&version_id=" + v1), 403, "invalid_signature");

    Api.Resp signed = t.post("/v1/sign/k.txt", "{\"version_id\":\"" + v1 + "\"}");
    assertThat(signed.status()).as("%s", signed).isEqualTo(200);
    String url = signed.json().path("url").asText();
    assertThat(url).contains("version_id=" + v1);
    Api.Resp read = silo.anonymous().get(url);
    assertThat(read.body()).isEqualTo("one");
    assertThat(read.header("X-Silo-Version-Id")).contains(v1);
    assertThat(silo.anonymous().head(url).status()).isEqualTo(200);
    assertError(silo.anonymous().get(url.replace("version_id=" + v1, "version_id=" + v2)), 403, "invalid_signature");
    assertError(silo.anonymous().get(url.replace("&version_id=" + v1, "")), 403, "invalid_signature");
    assertError(t.post("/v1/sign/k.txt", "{\"version_id\":\"not-a-version\"}"), 404, "version_not_found");

    assertThat(t.delete("/v1/objects/k.txt?version_id=" + v1).status()).isEqualTo(204);
    assertError(silo.anonymous().get(url), 404, "version_not_found");
  }

  @Test
  void aVersionIsPreviewedAndTransformedLikeTheCurrentObject() throws Exception {
    Api t = versioned("ver-content", null);
    String v1 = t.put("/v1/objects/data.csv", "city,count\nOslo,3\nBergen,5\n", "Content-Type", "text/csv")
        .json().path("version_id").asText();
    t.put("/v1/objects/data.csv", "name,score,grade\nada,9,A\n", "Content-Type", "text/csv");
    JsonNode old = t.get("/v1/preview/data.csv?version_id=" + v1).json();
    assertThat(old.path("columns").findValuesAsText("name")).containsExactly("city", "count");
    assertThat(t.get("/v1/preview/data.csv").json().path("columns").findValuesAsText("name")).containsExactly("name", "score", "grade");
    assertError(t.get("/v1/preview/data.csv?version_id=not-a-version"), 404, "version_not_found");

    String p1 = t.put("/v1/objects/p.png", png(40, 20), "Content-Type", "image/png").json().path("version_id").asText();
    t.put("/v1/objects/p.png", png(40, 40), "Content-Type", "image/png");
    java.net.http.HttpResponse<byte[]> small = image(t, "/v1/objects/p.png?version_id=" + p1 + "&width=20");
    assertThat(small.statusCode()).isEqualTo(200);
    assertThat(small.headers().firstValue("X-Silo-Version-Id")).contains(p1);
    java.awt.image.BufferedImage older = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(small.body()));
    assertThat(older.getWidth()).isEqualTo(20);
    assertThat(older.getHeight()).as("the 40 x 20 version, not the current 40 x 40").isEqualTo(10);
    java.net.http.HttpResponse<byte[]> now = image(t, "/v1/objects/p.png?width=20");
    assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(now.body())).getHeight()).isEqualTo(20);
  }

  /** A response's bytes as sent (an image is not text). */
  private static java.net.http.HttpResponse<byte[]> image(Api t, String path) throws Exception {
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(silo.url() + path)).header("Authorization", "Bearer " + t.token()).build();
    try (var client = java.net.http.HttpClient.newHttpClient()) {
      return client.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    }
  }

  private static byte[] png(int w, int h) throws java.io.IOException {
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
