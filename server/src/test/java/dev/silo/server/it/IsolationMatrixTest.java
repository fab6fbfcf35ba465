package dev.silo.server.it;

import static dev.silo.server.it.Checks.assertError;
import static dev.silo.server.it.Checks.tokenOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The isolation non-negotiable as a matrix: every tenant-facing endpoint, called with tenant A's
 * credential on something of tenant B, answers exactly as if it did not exist (404, a plain error
 * that names nothing of B) and changes nothing of B.
 */
class IsolationMatrixTest {
  static final String A_SLUG = "iso-alpha";
  static final String B_SLUG = "iso-bravo";

  @TempDir static Path dir;
  static TestSilo silo;
  static Api a;
  static Api b;
  static Api anon;
  static String bTenantId;
  static String bOnlyId;
  static String bOnlyEtag;
  static String bSharedId;
  static String bPendingId;
  static String bSecondKeyId;
  /** Version ids of B: shared.txt's current and noncurrent, photos/cat.jpg's noncurrent. */
  static String bSharedVersion;
  static String bCatOldVersion;
  static Map<String, Object> bBefore;

  /** B's objects: bucket and key. */
  static final List<String[]> B_OBJECTS =
      List.of(
          new String[] {B_SLUG, "shared.txt"},
          new String[] {B_SLUG, "b-only.txt"},
          new String[] {B_SLUG, "b-public.txt"},
          new String[] {"photos", "cat.jpg"},
          new String[] {"photos", "b-photo-only.jpg"},
          new String[] {"b-secret", "x.txt"});

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("data"));
    a = silo.tenant(A_SLUG, "{\"max_buckets\":3}");
    b = silo.tenant(B_SLUG, "{\"max_buckets\":3}");
    anon = silo.anonymous();

    created(a.put("/v1/objects/shared.txt", "alpha shared", "Content-Type", "text/plain"));
    created(a.put("/v1/objects/cat.jpg", "alpha default cat", "Content-Type", "image/jpeg"));
    created(a.put("/v1/objects/a-public.txt", "alpha public", "Content-Type", "text/plain", "X-Silo-Acl", "public"));
    assertThat(a.post("/v1/buckets", "{\"name\":\"photos\"}").status()).isEqualTo(201);
    created(a.put("/v1/objects/cat.jpg?bucket=photos", "alpha cat", "Content-Type", "image/jpeg"));

    bSharedId = created(b.put("/v1/objects/shared.txt", "bravo shared", "Content-Type", "text/plain")).path("id").asText();
    JsonNode bOnly =
        created(
            b.put("/v1/objects/b-only.txt", "bravo only", "Content-Type", "text/plain", "X-Silo-Meta-Owner", "bravo",
                "X-Silo-Folder", "private-stuff"));
    bOnlyId = bOnly.path("id").asText();
    bOnlyEtag = bOnly.path("etag").asText();
    created(b.put("/v1/objects/b-public.txt", "bravo public", "Content-Type", "text/plain", "X-Silo-Acl", "public"));
    assertThat(b.post("/v1/buckets", "{\"name\":\"photos\"}").status()).isEqualTo(201);
    assertThat(b.post("/v1/buckets", "{\"name\":\"b-secret\"}").status()).isEqualTo(201);
    created(b.put("/v1/objects/cat.jpg?bucket=photos", "bravo cat", "Content-Type", "image/jpeg"));
    created(b.put("/v1/objects/b-photo-only.jpg?bucket=photos", "bravo photo", "Content-Type", "image/jpeg"));
    created(b.put("/v1/objects/x.txt?bucket=b-secret", "bravo secret", "Content-Type", "text/plain"));

    // A pending upload of B whose bytes have arrived: completing it would publish it.
    Api.Resp upload = b.post("/v1/uploads", "{\"filename\":\"pending.csv\",\"content_type\":\"text/csv\",\"size\":5}");
    assertThat(upload.status()).isEqualTo(201);
    bPendingId = upload.json().path("object_id").asText();
    assertThat(anon.put(upload.json().path("upload_url").asText(), "a,b\n1", "Content-Type", "text/csv").status())
        .isEqualTo(200);

    // B versions its default bucket and photos; the overwrites keep B's old versions
    assertThat(b.patch("/v1/buckets/" + B_SLUG, "{\"versioning\":\"enabled\"}").status()).isEqualTo(200);
    assertThat(b.patch("/v1/buckets/photos", "{\"versioning\":\"enabled\",\"noncurrent_days\":30}").status()).isEqualTo(200);
    assertThat(b.put("/v1/buckets/b-secret/lifecycle", "{\"rules\":[{\"id\":\"tmp\",\"prefix\":\"tmp/\",\"expiration_days\":1}]}",
        "Content-Type", "application/json").status()).isEqualTo(200);
    assertThat(b.put("/v1/buckets/b-secret/cors", "{\"rules\":[{\"allowed_origins\":[\"https://bravo.example\"],\"allowed_methods\":[\"GET\"]}]}",
        "Content-Type", "application/json").status()).isEqualTo(200);
    bSharedVersion = b.put("/v1/objects/shared.txt", "bravo shared v2", "Content-Type", "text/plain").json().path("version_id").asText();
    assertThat(b.put("/v1/objects/shared.txt", "bravo shared", "Content-Type", "text/plain").status()).isEqualTo(201);
    bCatOldVersion = b.put("/v1/objects/cat.jpg?bucket=photos", "bravo cat v2", "Content-Type", "image/jpeg").json().path("version_id").asText();
    assertThat(b.put("/v1/objects/cat.jpg?bucket=photos", "bravo cat", "Content-Type", "image/jpeg").status()).isEqualTo(201);
    assertThat(bSharedVersion).isNotEqualTo("null");
    assertThat(bCatOldVersion).isNotEqualTo("null");

    Api.Resp key = b.post("/v1/keys", "{\"name\":\"second\"}");
    assertThat(key.status()).isEqualTo(201);
    bSecondKeyId = key.json().path("id").asText();

    bTenantId = b.get("/v1/tenant").json().path("id").asText();
    assertThat(bTenantId).isNotBlank();
    bBefore = snapshotOfB();
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  private static JsonNode created(Api.Resp r) {
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    return r.json();
  }

  /** Everything of B that a leak could change, read back with B's own key. */
  static Map<String, Object> snapshotOfB() {
    Map<String, Object> s = new LinkedHashMap<>();
    for (String[] o : B_OBJECTS) {
      String q = "?bucket=" + o[0];
      Api.Resp got = b.get("/v1/objects/" + o[1] + q);
      assertThat(got.status()).as("B reads %s/%s", o[0], o[1]).isEqualTo(200);
      s.put("bytes " + o[0] + "/" + o[1], got.body());
      s.put("etag " + o[0] + "/" + o[1], got.header("ETag").orElse(null));
      s.put("info " + o[0] + "/" + o[1], b.get("/v1/info/" + o[1] + q).json());
    }
    for (String bucket : List.of(B_SLUG, "photos", "b-secret")) {
      s.put("list " + bucket, b.get("/v1/objects?bucket=" + bucket).json());
    }
    s.put("buckets", b.get("/v1/buckets").json());
    s.put("lifecycle b-secret", b.get("/v1/buckets/b-secret/lifecycle").json());
    s.put("cors b-secret", b.get("/v1/buckets/b-secret/cors").json());
    for (String bucket : List.of(B_SLUG, "photos")) {
      s.put("versions " + bucket, b.get("/v1/versions?bucket=" + bucket).json());
    }
    s.put("old version", b.get("/v1/objects/shared.txt?version_id=" + bSharedVersion).body());
    s.put("tenant", b.get("/v1/tenant").json());
    List<JsonNode> keys = new ArrayList<>();
    for (JsonNode k : b.get("/v1/keys").json().path("items")) {
      ObjectNode copy = ((ObjectNode) k).deepCopy();
      copy.remove("last_used_at");
      keys.add(copy);
    }
    s.put("keys", keys);
    s.put("pending", b.get("/v1/ids/" + bPendingId).status());
    s.put("public", anon.get("/v1/public/" + B_SLUG + "/b-public.txt").body());
    return s;
  }

  record Probe(String name, Supplier<Api.Resp> call) {}

  static List<Probe> probes() {
    String secret = "?bucket=b-secret";
    List<Probe> p = new ArrayList<>();
    // objects by key in the default bucket (a key only B has)
    p.add(new Probe("GET /v1/objects/{key}", () -> a.get("/v1/objects/b-only.txt")));
    p.add(new Probe("HEAD /v1/objects/{key}", () -> a.head("/v1/objects/b-only.txt")));
    p.add(new Probe("DELETE /v1/objects/{key}", () -> a.delete("/v1/objects/b-only.txt")));
    p.add(new Probe("GET /v1/info/{key}", () -> a.get("/v1/info/b-only.txt")));
    p.add(new Probe("PATCH /v1/info/{key}", () -> a.patch("/v1/info/b-only.txt", "{\"acl\":\"public\",\"metadata\":{\"owner\":\"alpha\"}}")));
    p.add(new Probe("POST /v1/sign/{key}", () -> a.post("/v1/sign/b-only.txt", "{\"ttl_seconds\":600}")));
    p.add(new Probe("PUT /v1/objects/{key} If-Match B's etag", () -> a.put("/v1/objects/b-only.txt", "alpha overwrite",
        "Content-Type", "text/plain", "If-Match", "\"" + bOnlyEtag + "\"")));
    p.add(new Probe("DELETE /v1/objects/{key} If-Match B's etag", () -> a.delete("/v1/objects/b-only.txt", "If-Match", "\"" + bOnlyEtag + "\"")));
    // a key only B has in a bucket both have
    p.add(new Probe("GET /v1/objects/{key}?bucket=photos", () -> a.get("/v1/objects/b-photo-only.jpg?bucket=photos")));
    p.add(new Probe("DELETE /v1/objects/{key}?bucket=photos", () -> a.delete("/v1/objects/b-photo-only.jpg?bucket=photos")));
    p.add(new Probe("GET /v1/info/{key}?bucket=photos", () -> a.get("/v1/info/b-photo-only.jpg?bucket=photos")));
    // by id
    p.add(new Probe("GET /v1/ids/{id}", () -> a.get("/v1/ids/" + bOnlyId)));
    p.add(new Probe("GET /v1/ids/{id} (same key as A's)", () -> a.get("/v1/ids/" + bSharedId)));
    p.add(new Probe("GET /v1/ids/{id}/download-url", () -> a.get("/v1/ids/" + bOnlyId + "/download-url")));
    p.add(new Probe("GET /v1/ids/{pending id}", () -> a.get("/v1/ids/" + bPendingId)));
    p.add(new Probe("POST /v1/uploads/{id}/complete", () -> a.post("/v1/uploads/" + bPendingId + "/complete", "")));
    p.add(new Probe("POST /v1/uploads/{ready id}/complete", () -> a.post("/v1/uploads/" + bOnlyId + "/complete", "")));
    // a bucket only B has
    p.add(new Probe("GET /v1/objects?bucket=", () -> a.get("/v1/objects" + secret)));
    p.add(new Probe("GET /v1/buckets/{bucket}", () -> a.get("/v1/buckets/b-secret")));
    p.add(new Probe("DELETE /v1/buckets/{bucket}", () -> a.delete("/v1/buckets/b-secret")));
    p.add(new Probe("DELETE /v1/buckets/{bucket}?force=true", () -> a.delete("/v1/buckets/b-secret?force=true")));
    p.add(new Probe("GET /v1/objects/{key}?bucket=", () -> a.get("/v1/objects/x.txt" + secret)));
    p.add(new Probe("HEAD /v1/objects/{key}?bucket=", () -> a.head("/v1/objects/x.txt" + secret)));
    p.add(new Probe("PUT /v1/objects/{key}?bucket=", () -> a.put("/v1/objects/x.txt" + secret, "alpha", "Content-Type", "text/plain")));
    p.add(new Probe("PUT /v1/objects/{new key}?bucket=", () -> a.put("/v1/objects/planted.txt" + secret, "alpha", "Content-Type", "text/plain")));
    p.add(new Probe("DELETE /v1/objects/{key}?bucket=", () -> a.delete("/v1/objects/x.txt" + secret)));
    p.add(new Probe("GET /v1/info/{key}?bucket=", () -> a.get("/v1/info/x.txt" + secret)));
    p.add(new Probe("PATCH /v1/info/{key}?bucket=", () -> a.patch("/v1/info/x.txt" + secret, "{\"acl\":\"public\"}")));
    p.add(new Probe("POST /v1/sign/{key}?bucket=", () -> a.post("/v1/sign/x.txt" + secret, "{}")));
    p.add(new Probe("POST /v1/copy from B's key", () -> a.post("/v1/copy", "{\"key\":\"b-only.txt\",\"to_key\":\"stolen.txt\"}")));
    p.add(new Probe("POST /v1/move from B's key", () -> a.post("/v1/move", "{\"key\":\"b-only.txt\",\"to_key\":\"stolen.txt\"}")));
    p.add(new Probe("POST /v1/copy from B's bucket", () -> a.post("/v1/copy", "{\"bucket\":\"b-secret\",\"key\":\"x.txt\",\"to_key\":\"stolen.txt\"}")));
    p.add(new Probe("POST /v1/copy into B's bucket", () -> a.post("/v1/copy", "{\"key\":\"shared.txt\",\"to_bucket\":\"b-secret\",\"to_key\":\"planted.txt\"}")));
    p.add(new Probe("POST /v1/move into B's bucket", () -> a.post("/v1/move", "{\"key\":\"shared.txt\",\"to_bucket\":\"b-secret\",\"to_key\":\"x.txt\",\"overwrite\":true}")));
    p.add(new Probe("POST /v1/uploads {bucket}", () -> a.post("/v1/uploads", "{\"filename\":\"f.txt\",\"content_type\":\"text/plain\",\"bucket\":\"b-secret\"}")));
    // B's version ids, on keys and buckets A has too (A's shared.txt is its own null version)
    for (String v : List.of(bSharedVersion, bCatOldVersion)) {
      String q = v.equals(bCatOldVersion) ? "bucket=photos&" : "";
      String k = v.equals(bCatOldVersion) ? "cat.jpg" : "shared.txt";
      p.add(new Probe("GET /v1/objects/{key}?version_id= " + k, () -> a.get("/v1/objects/" + k + "?" + q + "version_id=" + v)));
      p.add(new Probe("HEAD /v1/objects/{key}?version_id= " + k, () -> a.head("/v1/objects/" + k + "?" + q + "version_id=" + v)));
      p.add(new Probe("GET /v1/info/{key}?version_id= " + k, () -> a.get("/v1/info/" + k + "?" + q + "version_id=" + v)));
      p.add(new Probe("DELETE /v1/objects/{key}?version_id= " + k, () -> a.delete("/v1/objects/" + k + "?" + q + "version_id=" + v)));
      p.add(new Probe("POST /v1/objects/{key}/restore " + k,
          () -> a.post("/v1/objects/" + k + "/restore" + (q.isEmpty() ? "" : "?" + q), "{\"version_id\":\"" + v + "\"}")));
      p.add(new Probe("POST /v1/sign/{key} {version_id} " + k,
          () -> a.post("/v1/sign/" + k + (q.isEmpty() ? "" : "?" + q), "{\"version_id\":\"" + v + "\"}")));
      p.add(new Probe("GET /v1/preview/{key}?version_id= " + k, () -> a.get("/v1/preview/" + k + "?" + q + "version_id=" + v)));
      p.add(new Probe("GET /v1/objects/{key}?version_id=&width= " + k, () -> a.get("/v1/objects/" + k + "?" + q + "version_id=" + v + "&width=10")));
    }
    p.add(new Probe("GET /v1/objects/{B-only key}?version_id=null", () -> a.get("/v1/objects/b-only.txt?version_id=null")));
    p.add(new Probe("DELETE /v1/objects/{B-only key}?version_id=null", () -> a.delete("/v1/objects/b-only.txt?version_id=null")));
    p.add(new Probe("GET /v1/versions?bucket=", () -> a.get("/v1/versions" + secret)));
    p.add(new Probe("PATCH /v1/buckets/{bucket}", () -> a.patch("/v1/buckets/b-secret", "{\"versioning\":\"enabled\"}")));
    p.add(new Probe("GET /v1/buckets/{bucket}/lifecycle", () -> a.get("/v1/buckets/b-secret/lifecycle")));
    p.add(new Probe("PUT /v1/buckets/{bucket}/lifecycle", () -> a.put("/v1/buckets/b-secret/lifecycle",
        "{\"rules\":[{\"expiration_days\":1}]}", "Content-Type", "application/json")));
    p.add(new Probe("DELETE /v1/buckets/{bucket}/lifecycle", () -> a.delete("/v1/buckets/b-secret/lifecycle")));
    p.add(new Probe("GET /v1/buckets/{bucket}/cors", () -> a.get("/v1/buckets/b-secret/cors")));
    p.add(new Probe("PUT /v1/buckets/{bucket}/cors", () -> a.put("/v1/buckets/b-secret/cors",
        "{\"rules\":[{\"allowed_origins\":[\"*\"],\"allowed_methods\":[\"GET\"]}]}", "Content-Type", "application/json")));
    p.add(new Probe("DELETE /v1/buckets/{bucket}/cors", () -> a.delete("/v1/buckets/b-secret/cors")));
    // credentials
    p.add(new Probe("DELETE /v1/keys/{key_id}", () -> a.delete("/v1/keys/" + bSecondKeyId)));
    return p;
  }

  @TestFactory
  Stream<DynamicTest> everyEndpointAnswers404AndChangesNothingOfB() {
    return probes().stream()
        .map(
            probe ->
                dynamicTest(
                    probe.name(),
                    () -> {
                      Api.Resp r = probe.call().get();
                      if (r.status() == 404 && r.body().isEmpty()) {
                        assertThat(r.header("X-Request-Id")).isPresent(); // HEAD: no body to inspect
                      } else {
                        assertError(r, 404, null);
                      }
                      assertThat(r.body()).doesNotContain(bTenantId).doesNotContain(B_SLUG).doesNotContain("bravo");
                      r.headers().forEach((name, values) -> assertThat(String.join(",", values))
                          .as("header %s", name).doesNotContain(bTenantId).doesNotContain(B_SLUG));
                      assertThat(snapshotOfB()).as("B after " + probe.name()).isEqualTo(bBefore);
                    }));
  }

  @Test
  void sameKeysAndBucketsResolveToTheCallersOwn() {
    assertThat(a.get("/v1/objects/shared.txt").body()).isEqualTo("alpha shared");
    assertThat(b.get("/v1/objects/shared.txt").body()).isEqualTo("bravo shared");
    assertThat(a.get("/v1/objects/cat.jpg?bucket=photos").body()).isEqualTo("alpha cat");
    assertThat(b.get("/v1/objects/cat.jpg?bucket=photos").body()).isEqualTo("bravo cat");
    assertThat(keys(a.get("/v1/objects"))).containsExactly("a-public.txt", "cat.jpg", "shared.txt");
    assertThat(keys(a.get("/v1/objects?bucket=photos"))).containsExactly("cat.jpg");
    List<String> buckets = new ArrayList<>();
    a.get("/v1/buckets").json().path("items").forEach(x -> buckets.add(x.path("name").asText()));
    assertThat(buckets).containsExactlyInAnyOrder(A_SLUG, "photos");
    assertThat(a.get("/v1/tenant").json().path("slug").asText()).isEqualTo(A_SLUG);
    assertThat(a.get("/v1/keys").json().path("items").size()).isEqualTo(1);
  }

  private static List<String> keys(Api.Resp listing) {
    assertThat(listing.status()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    listing.json().path("items").forEach(x -> out.add(x.path("key").asText()));
    return out;
  }

  @Test
  void signedUrlWithTheTenantSwappedIsForbidden() {
    String url = a.post("/v1/sign/shared.txt", "{}").json().path("url").asText();
    assertThat(anon.get(url).body()).isEqualTo("alpha shared");
    String token = tokenOf(url);
    String[] parts = token.split("\\.", -1);
    assertThat(parts).hasSize(7);
    assertThat(parts[0]).isEqualTo("v2");
    parts[2] = bTenantId;
    String forged = String.join(".", parts);
    assertError(anon.get(url.replace(token, forged)), 403, "invalid_signature");
    // the same key exists in B's default bucket: pointing the URL there does not help
    String atB = url.replace(token, forged).replace("bucket=" + A_SLUG, "bucket=" + B_SLUG);
    assertError(anon.get(atB), 403, "invalid_signature");
    assertThat(anon.head(atB).status()).isEqualTo(403);
    // nor does A's untouched token pointed at B's bucket
    assertError(anon.get(url.replace("bucket=" + A_SLUG, "bucket=" + B_SLUG)), 403, "invalid_signature");
  }

  @Test
  void alteredSignedUrlsAreForbidden() {
    String url = a.post("/v1/sign/cat.jpg?bucket=photos", "{\"ttl_seconds\":600}").json().path("url").asText();
    assertThat(url).contains("bucket=photos");
    assertThat(anon.get(url).body()).isEqualTo("alpha cat");
    // a key, bucket or expiry the signature does not cover
    assertError(anon.get(url.replace("/v1/objects/cat.jpg", "/v1/objects/shared.txt")), 403, "invalid_signature");
    assertError(anon.get(url.replace("bucket=photos", "bucket=" + A_SLUG)), 403, "invalid_signature");
    assertError(anon.get(url.replace("bucket=photos&", "")), 403, "invalid_signature");
    String token = tokenOf(url);
    String[] parts = token.split("\\.", -1);
    long exp = Long.parseLong(parts[3]);
    for (long changed : new long[] {exp - 7200, exp + 86_400}) {
      parts[3] = Long.toString(changed);
      assertError(anon.get(url.replace(token, String.join(".", parts))), 403, "invalid_signature");
    }
    parts = token.split("\\.", -1);
    parts[6] = parts[6].substring(1) + (parts[6].charAt(0) == 'A' ? 'B' : 'A');
    assertError(anon.get(url.replace(token, String.join(".", parts))), 403, "invalid_signature");
    // nor can the credential it names as its issuer be swapped for another (the operator's)
    parts = token.split("\\.", -1);
    parts[5] = "o";
    assertError(anon.get(url.replace(token, String.join(".", parts))), 403, "invalid_signature");
    assertError(anon.get(url.replace(token, "v1.garbage")), 403, "invalid_signature");
    // a read URL does not allow writing
    assertError(anon.put(url, "overwritten", "Content-Type", "image/jpeg"), 403, "invalid_signature");
    assertThat(a.get("/v1/objects/cat.jpg?bucket=photos").body()).isEqualTo("alpha cat");
    assertThat(anon.get(url).status()).isEqualTo(200);
  }

  @Test
  void signedUploadUrlDoesNotAllowReading() {
    Api.Resp upload = a.post("/v1/uploads", "{\"filename\":\"up.txt\",\"content_type\":\"text/plain\",\"size\":2}");
    assertThat(upload.status()).isEqualTo(201);
    String url = upload.json().path("upload_url").asText();
    assertThat(anon.put(url, "hi", "Content-Type", "text/plain").status()).isEqualTo(200);
    assertError(anon.get(url), 403, "invalid_signature");
    assertThat(anon.head(url).status()).isEqualTo(403);
    // and it cannot be pointed at another key
    String other = url.replaceFirst("/v1/objects/[^?]+", "/v1/objects/shared.txt");
    assertError(anon.put(other, "hi", "Content-Type", "text/plain"), 403, "invalid_signature");
    assertThat(a.get("/v1/objects/shared.txt").body()).isEqualTo("alpha shared");
  }

  @Test
  void tenantHeaderIsIgnoredForApiKeys() {
    Api.Resp own = a.get("/v1/objects/shared.txt", "x-tenant-id", B_SLUG);
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.body()).isEqualTo("alpha shared");
    assertThat(a.get("/v1/tenant", "x-tenant-id", B_SLUG).json().path("slug").asText()).isEqualTo(A_SLUG);
    assertError(a.get("/v1/objects/b-only.txt", "x-tenant-id", B_SLUG), 404, "object_not_found");
    assertError(a.get("/v1/objects/b-only.txt", "x-tenant-id", bTenantId), 404, "object_not_found");
    assertThat(keys(a.get("/v1/objects", "x-tenant-id", B_SLUG))).doesNotContain("b-only.txt");
  }

  @Test
  void operatorActsAsTheNamedTenant() {
    Api op = silo.operator();
    Api.Resp r = op.get("/v1/objects/b-only.txt", "x-tenant-id", B_SLUG);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("bravo only");
    assertThat(op.get("/v1/objects/shared.txt", "x-tenant-id", A_SLUG).body()).isEqualTo("alpha shared");
    assertError(op.get("/v1/objects/b-only.txt", "x-tenant-id", "no-such-tenant"), 404, null);
  }

  @Test
  void publicRouteServesOnlyTheNamedTenantsPublicObjects() {
    Api.Resp pub = anon.get("/v1/public/" + B_SLUG + "/b-public.txt");
    assertThat(pub.status()).isEqualTo(200);
    assertThat(pub.body()).isEqualTo("bravo public");
    assertError(anon.get("/v1/public/" + B_SLUG + "/b-only.txt"), 404, "object_not_found");
    assertError(anon.get("/v1/public/" + A_SLUG + "/b-only.txt"), 404, "object_not_found");
    assertError(anon.get("/v1/public/" + A_SLUG + "/b-public.txt"), 404, "object_not_found");
    assertError(anon.get("/v1/public/" + A_SLUG + "/x.txt?bucket=b-secret"), 404, null);
    assertError(anon.get("/v1/public/" + A_SLUG + "/shared.txt"), 404, "object_not_found");
    assertThat(anon.get("/v1/public/" + A_SLUG + "/a-public.txt").body()).isEqualTo("alpha public");
    // a credential does not change what the public route shows
    assertError(a.get("/v1/public/" + B_SLUG + "/b-only.txt"), 404, "object_not_found");
    assertError(anon.get("/v1/public/" + bTenantId + "/b-public.txt"), 404, null);
  }
}
