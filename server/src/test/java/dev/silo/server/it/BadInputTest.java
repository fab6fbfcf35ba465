package dev.silo.server.it;

import static dev.silo.server.it.Checks.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input of every kind is refused with the fitting status and the JSON error body, and leaves
 * nothing behind: no metadata, no usage, no bytes on disk.
 */
class BadInputTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static Api op;
  static Api anon;
  static Api keys;
  static Api misc;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("data"));
    op = silo.operator();
    anon = silo.anonymous();
    keys = silo.tenant("bad-keys");
    misc = silo.tenant("misc");
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  /** The tenant's own directory under the blob root (bucket-per-tenant mode, default template). */
  static Path spaceOf(String slug) {
    return spaceOf(silo, slug);
  }

  static Path spaceOf(TestSilo silo, String slug) {
    Path space = silo.dataDir().resolve("blobs").resolve("silo-dev-tenant-" + slug);
    assertThat(space).isDirectory();
    return space;
  }

  static void assertEmpty(Api tenant, String slug) throws InterruptedException {
    var own = tenant.get("/v1/tenant").json();
    assertThat(own.at("/usage/bytes").asLong()).isZero();
    assertThat(own.at("/usage/objects").asLong()).isZero();
    assertThat(tenant.get("/v1/objects").json().path("items").size()).isZero();
    assertThat(Checks.awaitNoFiles(spaceOf(slug))).as("files left on disk").isEmpty();
  }

  // ------------------------------------------------------------------ keys

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a/../b",
        "../b",
        "a/..",
        "a/./b",
        "a/%2e%2e/b",
        "%2e%2e/%2e%2e/etc/passwd",
        "%2E%2E",
        "a%2F..%2Fb",
        "/etc/passwd",
        "a//b",
        "a%01b",
        "a%7Fb",
        "a%0Ab",
        "a%5Cb",
        "..%5C..%5Cwindows",
        "a%C2%85b"
      })
  void malformedKeysAreRefusedAndNothingIsStored(String rawKey) throws Exception {
    assertError(keys.put("/v1/objects/" + rawKey, "payload", "Content-Type", "text/plain"), 400, "invalid_key");
    assertError(keys.get("/v1/objects/" + rawKey), 400, "invalid_key");
    assertError(keys.get("/v1/info/" + rawKey), 400, "invalid_key");
    assertError(keys.delete("/v1/objects/" + rawKey), 400, "invalid_key");
    assertError(keys.post("/v1/sign/" + rawKey, "{}"), 400, "invalid_key");
    assertEmpty(keys, "bad-keys");
  }

  @Test
  void nulInThePathIsRefusedByTheServerAsJson() throws Exception {
    // Jetty refuses a NUL in the path before any route sees it: still the JSON error shape.
    assertError(keys.put("/v1/objects/a%00b", "payload", "Content-Type", "text/plain"), 400, null);
    Api.Resp refused = keys.get("/v1/objects/a%00b");
    assertError(refused, 400, null);
    // Jetty closes the connection after such a request: the answer says so, so that the client's
    // next request goes on a new one instead of into the closed one
    assertThat(refused.header("Connection")).hasValue("close");
    for (int i = 0; i < 20; i++) {
      assertError(keys.get("/v1/objects/a%00b"), 400, null);
      assertThat(keys.get("/v1/tenant").status()).as("the request right after, on the same client").isEqualTo(200);
    }
    assertEmpty(keys, "bad-keys");
  }

  @Test
  void keysOver1024BytesAreRefused() throws Exception {
    String ascii = "k".repeat(1025);
    String multiByte = "%C3%A9".repeat(513); // é: 1026 bytes in UTF-8, 513 characters
    for (String key : List.of(ascii, multiByte, "dir/" + "x".repeat(1021))) {
      assertError(keys.put("/v1/objects/" + key, "payload", "Content-Type", "text/plain"), 400, "invalid_key");
    }
    assertEmpty(keys, "bad-keys");
    // the boundary itself is fine
    String exactly = "k".repeat(1024);
    assertThat(keys.put("/v1/objects/" + exactly, "payload", "Content-Type", "text/plain").status()).isEqualTo(201);
    assertThat(keys.delete("/v1/objects/" + exactly).status()).isEqualTo(204);
    assertEmpty(keys, "bad-keys");
  }

  // ------------------------------------------------------------ oversize

  @Test
  void oversizeUploadsAre413AndLeaveNothing() throws Exception {
    Api small = silo.tenant("small-up", "{\"max_upload_bytes\":1000}");
    byte[] big = new byte[5000];
    Arrays.fill(big, (byte) 'x');

    assertError(small.put("/v1/objects/big.bin", big, "Content-Type", "application/octet-stream"), 413, "too_large");
    assertError(small.get("/v1/objects/big.bin"), 404, "object_not_found");
    assertEmpty(small, "small-up");

    // chunked, so the length is only known while streaming
    Api.Resp chunked =
        small.send(
            "PUT",
            "/v1/objects/chunked.bin",
            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)),
            "Content-Type",
            "application/octet-stream");
    assertError(chunked, 413, "too_large");
    assertError(small.get("/v1/objects/chunked.bin"), 404, "object_not_found");
    assertEmpty(small, "small-up");

    // exactly at the limit is allowed, with and without a declared length
    assertThat(small.put("/v1/objects/ok.bin", Arrays.copyOf(big, 1000), "Content-Type", "application/octet-stream").status())
        .isEqualTo(201);
    Api.Resp okChunked =
        small.send(
            "PUT",
            "/v1/objects/ok2.bin",
            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(Arrays.copyOf(big, 1000))),
            "Content-Type",
            "application/octet-stream");
    assertThat(okChunked.status()).isEqualTo(201);
    assertThat(small.get("/v1/objects/ok2.bin").body()).hasSize(1000);
    assertThat(small.delete("/v1/objects/ok.bin").status()).isEqualTo(204);
    assertThat(small.delete("/v1/objects/ok2.bin").status()).isEqualTo(204);
    assertEmpty(small, "small-up");
  }

  @Test
  void byteQuotaRefusesTheUploadThatWouldExceedIt() throws Exception {
    Api q = silo.tenant("quota-bytes", "{\"max_bytes\":200000}");
    // over SILO_INLINE_MAX, so that they are blob files and the replaced one is seen to go
    byte[] first = new byte[100_000];
    Arrays.fill(first, (byte) '1');
    byte[] second = new byte[120_000];
    Arrays.fill(second, (byte) '2');
    assertThat(q.put("/v1/objects/first.bin", first, "Content-Type", "application/octet-stream").status()).isEqualTo(201);
    assertError(q.put("/v1/objects/second.bin", second, "Content-Type", "application/octet-stream"), 413, "too_large");
    Api.Resp chunked =
        q.send("PUT", "/v1/objects/second.bin", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(second)),
            "Content-Type", "application/octet-stream");
    assertError(chunked, 413, "too_large");
    assertError(q.get("/v1/objects/second.bin"), 404, "object_not_found");
    Api.Resp intact = q.get("/v1/objects/first.bin");
    assertThat(intact.status()).isEqualTo(200);
    assertThat(intact.body()).isEqualTo(new String(first, StandardCharsets.US_ASCII));
    var usage = q.get("/v1/tenant").json().path("usage");
    assertThat(usage.path("bytes").asLong()).isEqualTo(100_000);
    assertThat(usage.path("objects").asLong()).isEqualTo(1);
    // replacing the object counts only the difference
    assertThat(q.put("/v1/objects/first.bin", new byte[180_000], "Content-Type", "application/octet-stream").status())
        .isEqualTo(200);
    assertThat(q.get("/v1/tenant").json().at("/usage/bytes").asLong()).isEqualTo(180_000);
    assertThat(Checks.awaitFiles(spaceOf("quota-bytes"), 1)).as("the replaced blob is removed").hasSize(1);
  }

  @Test
  void objectQuotaRefusesANewKeyButAllowsAnOverwrite() {
    Api q = silo.tenant("quota-objects", "{\"max_objects\":1}");
    assertThat(q.put("/v1/objects/one.txt", "one", "Content-Type", "text/plain").status()).isEqualTo(201);
    assertError(q.put("/v1/objects/two.txt", "two", "Content-Type", "text/plain"), 413, "object_quota_exceeded");
    assertError(q.post("/v1/uploads", "{\"filename\":\"two.txt\",\"content_type\":\"text/plain\"}"), 413, null);
    assertThat(q.put("/v1/objects/one.txt", "one again", "Content-Type", "text/plain").status()).isEqualTo(200);
    assertThat(q.get("/v1/objects/one.txt").body()).isEqualTo("one again");
    assertError(q.get("/v1/objects/two.txt"), 404, "object_not_found");
    assertThat(q.get("/v1/tenant").json().at("/usage/objects").asLong()).isEqualTo(1);
  }

  @Test
  void contentTypesOutsideTheAllowListAre415() {
    Api t = silo.tenant("typed", "{\"allowed_content_types\":[\"text/csv\",\"image/*\"]}");
    assertThat(t.put("/v1/objects/p.png", "png", "Content-Type", "image/png").status()).isEqualTo(201);
    assertThat(t.put("/v1/objects/d.csv", "a,b", "Content-Type", "text/csv; charset=utf-8").status()).isEqualTo(201);
    assertError(t.put("/v1/objects/d.pdf", "pdf", "Content-Type", "application/pdf"), 415, "content_type_not_allowed");
    assertError(t.put("/v1/objects/none", "?"), 415, "content_type_not_allowed");
    assertError(t.put("/v1/objects/t.txt", "text", "Content-Type", "text/plain"), 415, "content_type_not_allowed");
    assertError(t.post("/v1/uploads", "{\"filename\":\"d.pdf\",\"content_type\":\"application/pdf\"}"), 415, "content_type_not_allowed");
    assertError(t.get("/v1/objects/d.pdf"), 404, "object_not_found");
    assertThat(t.get("/v1/tenant").json().at("/usage/objects").asLong()).isEqualTo(2);
    assertError(t.put("/v1/objects/bad", "x", "Content-Type", "not a type"), 400, "invalid_content_type");
  }

  // --------------------------------------------------------------- ranges

  @Test
  void badRangesAre416AndMultipleRangesServeTheWhole() {
    assertThat(misc.put("/v1/objects/ten.txt", "0123456789", "Content-Type", "text/plain").status()).isEqualTo(201);
    try {
      for (String range : List.of("bytes=100-", "bytes=10-", "bytes=10-20", "bytes=5-2", "bytes=abc", "bytes=", "bytes=-0", "bytes=--1")) {
        assertError(misc.get("/v1/objects/ten.txt", "Range", range), 416, null);
      }
      Api.Resp multi = misc.get("/v1/objects/ten.txt", "Range", "bytes=0-1,3-4");
      assertThat(multi.status()).isEqualTo(200);
      assertThat(multi.body()).isEqualTo("0123456789");
      assertThat(multi.header("Content-Range")).isEmpty();
      Api.Resp other = misc.get("/v1/objects/ten.txt", "Range", "items=0-1");
      assertThat(other.status()).isEqualTo(200);
      assertThat(other.body()).isEqualTo("0123456789");
    } finally {
      misc.delete("/v1/objects/ten.txt");
    }
  }

  // ----------------------------------------------------------------- JSON

  @Test
  void malformedJsonIs400() {
    assertError(op.post("/v1/tenants", "{not json"), 400, "invalid_json");
    assertError(op.post("/v1/tenants", "[1,2]"), 400, "invalid_json");
    assertError(op.post("/v1/tenants", "{\"slug\":\"json-bad\",\"limits\":{\"max_bytes\":\"lots\"}}"), 400, "invalid_json");
    assertError(op.get("/v1/tenants/json-bad"), 404, "tenant_not_found");
    assertThat(misc.put("/v1/objects/j.txt", "j", "Content-Type", "text/plain").status()).isEqualTo(201);
    try {
      assertError(misc.post("/v1/sign/j.txt", "[1"), 400, "invalid_json");
      assertError(misc.post("/v1/sign/j.txt", "{\"ttl_seconds\":\"soon\"}"), 400, "invalid_json");
      assertError(misc.patch("/v1/info/j.txt", "{\"acl\":"), 400, "invalid_json");
      assertError(misc.post("/v1/uploads", "nope"), 400, "invalid_json");
      assertError(misc.post("/v1/buckets", "{\"name\":"), 400, "invalid_json");
      assertError(misc.post("/v1/keys", "{{"), 400, "invalid_json");
      assertError(misc.patch("/v1/info/j.txt", "{\"acl\":\"public\",\"acl\":\"private\"}"), 400, null);
      assertThat(misc.get("/v1/info/j.txt").json().path("acl").asText()).isEqualTo("private");
    } finally {
      misc.delete("/v1/objects/j.txt");
    }
  }

  @Test
  void unknownFieldsAre400() {
    assertError(op.post("/v1/tenants", "{\"slug\":\"x1x\",\"bogus\":1}"), 400, "unknown_field");
    assertError(op.get("/v1/tenants/x1x"), 404, "tenant_not_found");
    assertError(op.post("/v1/tenants", "{\"slug\":\"x2x\",\"limits\":{\"max_byte\":5}}"), 400, "unknown_field");
    assertError(op.get("/v1/tenants/x2x"), 404, "tenant_not_found");
    assertError(op.patch("/v1/tenants/bad-keys", "{\"limits\":{\"max_bytez\":1}}"), 400, "unknown_field");
    assertError(op.patch("/v1/tenants/bad-keys", "{\"limit\":{\"max_bytes\":1}}"), 400, "unknown_field");
    assertThat(op.get("/v1/tenants/bad-keys").json().at("/limits/max_bytes").isNull()).isTrue();
    assertError(misc.patch("/v1/info/whatever.txt", "{\"acll\":\"public\"}"), 400, "unknown_field");
    assertError(misc.post("/v1/uploads", "{\"filename\":\"a.txt\",\"contenttype\":\"text/plain\"}"), 400, "unknown_field");
    assertError(misc.post("/v1/keys", "{\"name\":\"k\",\"scope\":[\"read\"]}"), 400, "unknown_field");
  }

  @Test
  void invalidAndDuplicateTenants() {
    for (String slug : List.of("AB", "ab", "a_b", "-abc", "abc-", "Acme", "x".repeat(41), "a b c", "")) {
      assertError(op.post("/v1/tenants", "{\"slug\":\"" + slug + "\"}"), 400, "invalid_slug");
    }
    assertError(op.post("/v1/tenants", "{}"), 400, "invalid_slug");
    assertError(op.post("/v1/tenants", "{\"slug\":\"limits-bad\",\"limits\":{\"max_bytes\":-1}}"), 400, "invalid_limits");
    assertError(op.post("/v1/tenants", "{\"slug\":\"limits-bad\",\"limits\":{\"max_buckets\":0}}"), 400, "invalid_limits");
    assertError(op.post("/v1/tenants", "{\"slug\":\"limits-bad\",\"limits\":{\"allowed_content_types\":[\"nope\"]}}"), 400, "invalid_limits");
    assertError(op.get("/v1/tenants/limits-bad"), 404, "tenant_not_found");
    assertError(op.post("/v1/tenants", "{\"slug\":\"bad-keys\",\"name\":\"again\"}"), 409, "tenant_exists");
    assertThat(op.get("/v1/tenants/bad-keys").json().path("name").asText()).isEqualTo("bad-keys");
  }

  // ---------------------------------------------------------- credentials

  @Test
  void missingOrBadCredentialsAre401WithAChallenge() {
    for (Api.Resp r :
        List.of(
            anon.get("/v1/tenant"),
            anon.get("/v1/objects"),
            anon.put("/v1/objects/x.txt", "x", "Content-Type", "text/plain"),
            anon.get("/v1/tenants"),
            silo.as("garbage").get("/v1/tenant"),
            silo.as("bad-keys_sk_" + "A".repeat(40)).get("/v1/tenant"),
            silo.as(TestSilo.ADMIN + "x").get("/v1/tenants"),
            anon.get("/v1/tenant", "Authorization", "Basic " + "YWRtaW46YWRtaW4="),
            anon.get("/v1/tenant", "Authorization", "Bearer "))) {
      assertError(r, 401, "invalid_credential");
      assertThat(r.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }
    // an empty token is a signed URL that does not verify
    assertError(anon.get("/v1/objects/x.txt?token="), 403, "invalid_signature");
  }

  @Test
  void revokedKeyIs401() {
    var created = op.post("/v1/tenants/bad-keys/keys", "{\"name\":\"short-lived\"}");
    assertThat(created.status()).isEqualTo(201);
    Api k = silo.as(created.json().path("key").asText());
    assertThat(k.get("/v1/tenant").status()).isEqualTo(200);
    assertThat(op.delete("/v1/tenants/bad-keys/keys/" + created.json().path("id").asText()).status()).isEqualTo(204);
    Api.Resp r = k.get("/v1/tenant");
    assertError(r, 401, "invalid_credential");
    assertThat(r.header("WWW-Authenticate")).isPresent();
    assertError(op.delete("/v1/tenants/bad-keys/keys/" + created.json().path("id").asText()), 404, null);
  }

  @Test
  void suspendedTenantIs403UntilReactivated() {
    Api s = silo.tenant("suspend-me");
    assertThat(s.put("/v1/objects/doc.txt", "doc", "Content-Type", "text/plain", "X-Silo-Acl", "public").status()).isEqualTo(201);
    String signed = s.post("/v1/sign/doc.txt", "{}").json().path("url").asText();
    assertThat(op.patch("/v1/tenants/suspend-me", "{\"status\":\"suspended\"}").status()).isEqualTo(200);

    assertError(s.get("/v1/objects/doc.txt"), 403, "tenant_suspended");
    assertError(s.get("/v1/tenant"), 403, "tenant_suspended");
    assertError(s.put("/v1/objects/new.txt", "new", "Content-Type", "text/plain"), 403, "tenant_suspended");
    assertError(s.delete("/v1/objects/doc.txt"), 403, "tenant_suspended");
    assertError(anon.get(signed), 403, "tenant_suspended");
    assertError(anon.get("/v1/public/suspend-me/doc.txt"), 404, "object_not_found");

    assertThat(op.patch("/v1/tenants/suspend-me", "{\"status\":\"active\"}").status()).isEqualTo(200);
    assertThat(s.get("/v1/objects/doc.txt").body()).isEqualTo("doc");
    assertThat(anon.get(signed).body()).isEqualTo("doc");
    assertThat(anon.get("/v1/public/suspend-me/doc.txt").body()).isEqualTo("doc");
    assertThat(s.put("/v1/objects/new.txt", "new", "Content-Type", "text/plain").status()).isEqualTo(201);
    assertError(op.patch("/v1/tenants/suspend-me", "{\"status\":\"sleeping\"}"), 400, null);
  }

  @Test
  void operatorAndTenantRoutesAreNotInterchangeable() {
    assertError(op.get("/v1/tenant"), 403, "tenant_required");
    assertError(op.get("/v1/objects"), 403, "tenant_required");
    assertError(op.put("/v1/objects/op.txt", "op", "Content-Type", "text/plain"), 403, "tenant_required");
    assertError(op.get("/v1/keys"), 403, "tenant_required");
    assertError(misc.get("/v1/tenants"), 403, "operator_only");
    assertError(misc.post("/v1/tenants", "{\"slug\":\"sneaky\"}"), 403, "operator_only");
    assertError(misc.get("/v1/tenants/bad-keys"), 403, "operator_only");
    assertError(misc.patch("/v1/tenants/bad-keys", "{\"limits\":{\"max_bytes\":null}}"), 403, "operator_only");
    assertError(misc.post("/v1/tenants/bad-keys/keys", "{}"), 403, "operator_only");
    assertError(misc.delete("/v1/tenants/bad-keys"), 403, "operator_only");
    assertError(op.get("/v1/tenants/sneaky"), 404, "tenant_not_found");
    assertThat(op.get("/v1/tenants/bad-keys").status()).isEqualTo(200);
  }

  @Test
  void signingTtlMustBeWithinBounds() {
    assertThat(misc.put("/v1/objects/ttl.txt", "ttl", "Content-Type", "text/plain").status()).isEqualTo(201);
    try {
      for (long ttl : new long[] {59, 86_401, 0, -5, 10_000_000_000L}) {
        assertError(misc.post("/v1/sign/ttl.txt", "{\"ttl_seconds\":" + ttl + "}"), 400, "invalid_ttl");
      }
      assertThat(misc.post("/v1/sign/ttl.txt", "{\"ttl_seconds\":60}").status()).isEqualTo(200);
      assertThat(misc.post("/v1/sign/ttl.txt", "{\"ttl_seconds\":86400}").status()).isEqualTo(200);
      String id = misc.get("/v1/info/ttl.txt").json().path("id").asText();
      assertError(misc.get("/v1/ids/" + id + "/download-url?ttl_seconds=59"), 400, "invalid_ttl");
      assertError(misc.get("/v1/ids/" + id + "/download-url?ttl_seconds=soon"), 400, "invalid_parameter");
      assertError(misc.post("/v1/uploads", "{\"filename\":\"u.txt\",\"content_type\":\"text/plain\",\"ttl_seconds\":86401}"), 400, "invalid_ttl");
    } finally {
      misc.delete("/v1/objects/ttl.txt");
    }
  }

  @Test
  void badQueryParameters() {
    assertError(misc.get("/v1/objects?limit=0"), 400, "invalid_limit");
    assertError(misc.get("/v1/objects?limit=1001"), 400, "invalid_limit");
    assertError(misc.get("/v1/objects?limit=many"), 400, "invalid_parameter");
    assertError(misc.get("/v1/objects?cursor=%25%25%25"), 400, "invalid_cursor");
    assertError(misc.get("/v1/objects?bucket=Not_A_Bucket"), 400, "invalid_bucket_name");
    assertError(misc.get("/v1/objects/x.txt?bucket=no-such-bucket"), 404, "bucket_not_found");
    assertError(misc.put("/v1/objects/acl.txt", "x", "Content-Type", "text/plain", "X-Silo-Acl", "everyone"), 400, "invalid_acl");
    assertError(misc.put("/v1/objects/meta.txt", "x", "Content-Type", "text/plain", "X-Silo-Meta-a!b", "x"), 400, "invalid_metadata");
  }

  // ---------------------------------------------------------------- routes

  @Test
  void unknownRoutesAre404AndWrongMethods405() {
    for (Api.Resp r : List.of(misc.get("/v1/nope"), anon.get("/nope"), misc.get("/v2/objects/x"), op.post("/v1/tenant/extra", "{}"))) {
      assertError(r, 404, "route_not_found");
    }
    Api.Resp patch = misc.patch("/v1/objects/x.txt", "{}");
    assertError(patch, 405, "method_not_allowed");
    assertThat(patch.header("Allow").orElse("")).contains("PUT", "GET", "HEAD", "DELETE");
    Api.Resp post = anon.post("/healthz", "{}");
    assertError(post, 405, "method_not_allowed");
    assertThat(post.header("Allow")).hasValue("GET");
    Api.Resp del = op.delete("/v1/tenants");
    assertError(del, 405, "method_not_allowed");
    assertThat(del.header("Allow").orElse("")).contains("POST", "GET");
  }

  @Test
  void clientRequestIdsAreEchoedAndMalformedOnesReplaced() {
    Api.Resp r = misc.get("/v1/objects/none.txt", "X-Request-Id", "client-req-12345");
    assertError(r, 404, "object_not_found");
    assertThat(r.header("X-Request-Id")).hasValue("client-req-12345");
    Api.Resp bad = misc.get("/v1/objects/none.txt", "X-Request-Id", "<script>");
    assertError(bad, 404, "object_not_found");
    assertThat(bad.header("X-Request-Id").orElse("")).doesNotContain("<");
  }
}
