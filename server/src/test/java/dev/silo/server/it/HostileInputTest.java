package dev.silo.server.it;

import static dev.silo.server.it.Checks.assertError;
import static dev.silo.server.it.S3Raw.p;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.silo.api.rest.RestApi;
import dev.silo.api.s3.S3Server;
import dev.silo.api.tus.TusApi;
import dev.silo.http.Route;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Every route of every route table (REST, TUS, S3, enumerated from the tables themselves, so a
 * route added later is walked too) fed hostile bodies and parameters: none answers 500, each error
 * has its protocol's error body, and nothing of the tenant changes.
 */
class HostileInputTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  /** What no client-facing message may contain: Java or parser internals. */
  private static final Pattern INTERNALS =
      Pattern.compile("java\\.|jackson|JsonToken|START_OBJECT|START_ARRAY|Cannot deserialize|\\bclass\\b|Exception|dev\\.silo");

  static final String SLUG = "hostile";
  static final String KEY = "keep/doc.txt";

  @TempDir static Path dir;
  static TestSilo silo;
  static Api op;
  static Api tenant;
  static S3Raw s3;
  static String objectId;
  static String webhookId;
  static String tusUploadId;
  static String s3UploadId;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("data"), Map.of("SILO_WEBHOOK_ALLOW_PRIVATE", "true"));
    op = silo.operator();
    tenant = silo.tenant(SLUG);
    assertThat(tenant.put("/v1/objects/" + KEY, "kept", "Content-Type", "text/plain").status()).isEqualTo(201);
    objectId = tenant.get("/v1/info/" + KEY).json().path("id").asText();
    webhookId = tenant.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:1/hook\",\"events\":[\"tenant.updated\"]}").json().path("id").asText();
    JsonNode cred = tenant.post("/v1/s3-credentials", "{\"description\":\"walk\"}").json();
    s3 = new S3Raw(silo.s3Url(), cred.path("access_key_id").asText(), cred.path("secret_access_key").asText(), "us-east-1");
    Api.Resp tus = tenant.send("POST", "/v1/tus/", HttpRequest.BodyPublishers.noBody(), "Tus-Resumable", "1.0.0", "Upload-Length", "10",
        "Upload-Metadata", "filename " + b64("t.txt") + ",filetype " + b64("text/plain"));
    assertThat(tus.status()).as(tus.toString()).isEqualTo(201);
    String location = tus.header("Location").orElseThrow();
    tusUploadId = location.substring(location.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
    Api.Resp mp = s3.send("POST", "/" + SLUG + "/multi.bin", List.of(p("uploads", null)), null);
    assertThat(mp.status()).as(mp.toString()).isEqualTo(200);
    s3UploadId = mp.body().replaceAll("(?s).*<UploadId>([^<]+)</UploadId>.*", "$1");
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------- what must not change

  /** What a tenant has, as its own API, the operator's and the S3 endpoint show it. */
  static Map<String, String> snapshot() {
    Map<String, String> s = new TreeMap<>();
    s.put("tenant", tenant.get("/v1/tenant").json().toString());
    s.put("operator view", op.get("/v1/tenants/" + SLUG).json().path("limits").toString() + op.get("/v1/tenants/" + SLUG).json().path("status"));
    s.put("tenants", op.get("/v1/tenants").json().findValuesAsText("slug").toString());
    s.put("objects", tenant.get("/v1/objects?limit=1000").json().path("items").findValuesAsText("etag").toString()
        + tenant.get("/v1/objects?limit=1000").json().path("items").findValuesAsText("key"));
    s.put("info", tenant.get("/v1/info/" + KEY).json().toString());
    s.put("content", tenant.get("/v1/objects/" + KEY).body());
    s.put("buckets", tenant.get("/v1/buckets").json().findValuesAsText("name").toString());
    s.put("keys", tenant.get("/v1/keys").json().findValuesAsText("id").toString());
    s.put("s3 credentials", tenant.get("/v1/s3-credentials").json().findValuesAsText("access_key_id").toString());
    s.put("webhooks", tenant.get("/v1/webhooks").json().toString());
    s.put("tus offset", tenant.send("HEAD", "/v1/tus/" + tusUploadId, HttpRequest.BodyPublishers.noBody(), "Tus-Resumable", "1.0.0")
        .header("Upload-Offset").orElse("?"));
    s.put("s3 uploads", s3.send("GET", "/" + SLUG, List.of(p("uploads", null)), null).body().replaceAll("<Initiated>[^<]*</Initiated>", ""));
    s.put("s3 parts", s3.send("GET", "/" + SLUG + "/multi.bin", List.of(p("uploadId", s3UploadId)), null).body());
    return s;
  }

  // ------------------------------------------------------------------ checks

  /** No 500; an error answers with the JSON error body, whose message shows no internals. */
  static void assertNoCrash(String what, Api.Resp r, boolean mustFail) {
    assertThat(r.status()).as(what + " -> " + r).isLessThan(500);
    if (mustFail) {
      assertThat(r.status()).as(what + " must be refused -> " + r).isBetween(400, 499);
    }
    if (r.status() >= 400 && !r.body().isEmpty()) {
      JsonNode e = assertError(r, r.status(), null);
      assertThat(e.path("message").asText()).as(what + " message").doesNotContainPattern(INTERNALS);
    }
  }

  /** No 500 from the S3 endpoint (501 NotImplemented is S3's answer to an operation it does not serve); errors in S3's XML. */
  static void assertS3NoCrash(String what, Api.Resp r, boolean mustFail) {
    assertThat(r.status()).as(what + " -> " + r).satisfiesAnyOf(s -> assertThat(s).isLessThan(500), s -> assertThat(s).isEqualTo(501));
    if (mustFail) {
      assertThat(r.status()).as(what + " must be refused -> " + r).isGreaterThanOrEqualTo(400);
    }
    if (r.status() >= 400 && !r.body().isEmpty()) {
      assertThat(r.body()).as(what).startsWith("<?xml").contains("<Error><Code>").contains("<RequestId>");
      assertThat(r.body()).as(what).doesNotContainPattern(INTERNALS);
    }
  }

  /** Sends a request; an event stream's body is not read (it never ends). */
  static Api.Resp send(String token, String method, String path, byte[] body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(silo.url() + path))
            .timeout(Duration.ofSeconds(60))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    List<Map.Entry<String, String>> sent = new ArrayList<>();
    if (token != null) {
      sent.add(Map.entry("Authorization", "Bearer " + token));
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      sent.add(Map.entry(headers[i], headers[i + 1]));
    }
    if (body != null && body.length > 1024 * 1024) {
      return EarlyAnswerClient.send(URI.create(silo.url() + path), method, body, sent);
    }
    sent.forEach(h -> b.header(h.getKey(), h.getValue()));
    try {
      HttpResponse<java.io.InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      String text = "";
      try (java.io.InputStream in = r.body()) {
        // an event stream never ends: its status and headers are what is checked
        if (!r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      return new Api.Resp(r.statusCode(), r.headers().map(), text);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ REST and TUS

  static List<Route> restAndTusRoutes() {
    List<Route> all = new ArrayList<>(RestApi.routes(RestApi.Services.NONE, Map.of()).routes());
    all.addAll(TusApi.routes(null));
    return all;
  }

  static String tokenFor(Route r) {
    return switch (r.access()) {
      case OPERATOR -> TestSilo.ADMIN;
      case ANONYMOUS -> null;
      default -> tenant.token();
    };
  }

  /**
   * A concrete path: real resources where the request is read (so that hostile input reaches the
   * handler), and ones that do not exist for DELETE (a valid DELETE would change something).
   */
  static String pathFor(Route r) {
    boolean delete = r.method().equals("DELETE");
    String t = r.template();
    t = t.replace("{key+}", delete ? "no/such.txt" : KEY);
    t = t.replace("{tenant}", delete && t.equals("/v1/tenants/{tenant}") ? "no-such-tenant" : SLUG);
    t = t.replace("{bucket}", delete ? "no-such-bucket" : SLUG);
    // a POST on an object (complete) ignores its body: aimed at no object, it must fail
    t = t.replace("{object_id}", r.method().equals("GET") ? objectId : "obj_nosuch");
    t = t.replace("{webhook_id}", delete ? "wh_nosuch" : webhookId);
    t = t.replace("{upload_id}", delete ? "nosuch" : tusUploadId);
    return t.replaceAll("\\{[a-z_]+}", "nosuch");
  }

  static final List<String> HOSTILE_BODIES =
      List.of("null", "[]", "\"x\"", "42", "-1", "true", "{", "[null]", "{\"a\":1}{\"b\":2}", "[".repeat(5000), "{\"a\":".repeat(5000) + "1",
          "{\"name\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{\"i\":{\"j\":{\"k\":{\"l\":{\"m\":{\"n\":{\"o\":{\"p\":{\"q\":{\"r\":{\"s\":{\"t\":{\"u\":{\"v\":{\"w\":{\"x\":{\"y\":{\"z\":{\"A\":{\"B\":{\"C\":{\"D\":{\"E\":{\"F\":{\"G\":1}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}");

  /** Every field any body of the API has, with values of the wrong shape for it. */
  static final Map<String, List<String>> WRONG_BY_FIELD = new LinkedHashMap<>();

  static {
    List<String> notString = List.of("42", "true", "[]", "{}", "[\"x\"]", "-1", "\"a\\u0000b\"");
    List<String> notInteger = List.of("\"x\"", "\"10\"", "true", "1.5", "[]", "{}", "-1", "99999999999999999999", "1e400");
    List<String> notBoolean = List.of("\"true\"", "1", "[]", "{}");
    List<String> notList = List.of("\"x\"", "42", "{}", "{\"a\":1}", "[null]", "[42]", "[[]]");
    List<String> notObject = List.of("\"x\"", "42", "[]", "[null]", "true", "{\"a\":null}", "{\"a\":[]}");
    for (String f : List.of("slug", "name", "status", "description", "bucket", "acl", "folder", "filename", "content_type", "category", "url")) {
      WRONG_BY_FIELD.put(f, notString);
    }
    WRONG_BY_FIELD.put("ttl_seconds", notInteger);
    WRONG_BY_FIELD.put("size", notInteger);
    WRONG_BY_FIELD.put("resumable", notBoolean);
    WRONG_BY_FIELD.put("scopes", notList);
    WRONG_BY_FIELD.put("events", notList);
    WRONG_BY_FIELD.put("limits", notObject);
    WRONG_BY_FIELD.put("oidc", notObject);
    WRONG_BY_FIELD.put("metadata", notObject);
  }

  @Test
  void everyRestAndTusRouteRefusesHostileBodiesAndChangesNothing() {
    Map<String, String> before = snapshot();
    int walked = 0;
    for (Route r : restAndTusRoutes()) {
      if (!r.method().equals("POST") && !r.method().equals("PATCH")) {
        continue;
      }
      String path = pathFor(r);
      String token = tokenFor(r);
      String what = r.method() + " " + r.template();
      List<String> bodies = new ArrayList<>(HOSTILE_BODIES);
      for (var f : WRONG_BY_FIELD.entrySet()) {
        for (String wrong : f.getValue()) {
          bodies.add("{\"" + f.getKey() + "\":" + wrong + "}");
        }
      }
      for (String body : bodies) {
        String[] headers = r.template().startsWith("/v1/tus/")
            ? new String[] {"Content-Type", "application/json", "Tus-Resumable", "1.0.0", "Upload-Length", "-1", "Upload-Offset", "x"}
            : new String[] {"Content-Type", "application/json"};
        Api.Resp resp = send(token, r.method(), path, body.getBytes(StandardCharsets.UTF_8), headers);
        assertNoCrash(what + " " + abbreviate(body), resp, true);
        walked++;
      }
    }
    assertThat(walked).isGreaterThan(1000);
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void aBodyOfTwentyMegabytesIsRefusedOnEveryRouteThatReadsOne() {
    Map<String, String> before = snapshot();
    byte[] huge = new byte[20 << 20];
    Arrays.fill(huge, (byte) ' ');
    huge[0] = '{';
    huge[1] = '"';
    huge[2] = 'n';
    huge[3] = '"';
    huge[4] = ':';
    huge[5] = '"';
    int walked = 0;
    for (Route r : restAndTusRoutes()) {
      if ((!r.method().equals("POST") && !r.method().equals("PATCH")) || r.template().startsWith("/v1/tus/")) {
        continue;
      }
      Api.Resp resp = send(tokenFor(r), r.method(), pathFor(r), huge, "Content-Type", "application/json");
      assertNoCrash(r.method() + " " + r.template() + " 20 MB", resp, true);
      walked++;
    }
    assertThat(walked).isGreaterThan(10);
    assertThat(snapshot()).isEqualTo(before);
  }

  static final List<String> HOSTILE_PARAMS =
      List.of("limit", "cursor", "prefix", "delimiter", "ttl_seconds", "bucket", "status", "since", "action", "tenant", "force", "width",
          "quality", "format", "token", "last_event_id");
  /** Values no parameter expects; U+10FFFF, the last code point, alone and twice: nothing sorts after a prefix of it. */
  static final List<String> HOSTILE_VALUES =
      List.of("-1", "0", "x", "99999999999999999999", "%25ZZ", "%00%C3%28", "a".repeat(3000), "%F4%8F%BF%BF", "%F4%8F%BF%BF%F4%8F%BF%BF");

  @Test
  void everyRouteSurvivesHostileQueryParametersAndChangesNothing() {
    Map<String, String> before = snapshot();
    int walked = 0;
    for (Route r : restAndTusRoutes()) {
      if (r.method().equals("PUT") || r.method().equals("POST") || r.method().equals("PATCH")) {
        continue; // their bodies are walked above; a PUT's raw body is valid content
      }
      for (String param : HOSTILE_PARAMS) {
        for (String value : HOSTILE_VALUES) {
          Api.Resp resp = send(tokenFor(r), r.method(), pathFor(r) + "?" + param + "=" + value, null, "Tus-Resumable", "1.0.0");
          assertNoCrash(r.method() + " " + r.template() + " ?" + param + "=" + abbreviate(value), resp, false);
          walked++;
        }
      }
    }
    assertThat(walked).isGreaterThan(1000);
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void hostileUploadHeadersAreRefusedAndStoreNothing() throws Exception {
    Map<String, String> before = snapshot();
    String wrongMd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest("other".getBytes(StandardCharsets.UTF_8)));
    List<String[]> puts =
        List.of(
            new String[] {"Content-MD5", wrongMd5},
            new String[] {"Content-MD5", "not base64!"},
            new String[] {"Content-MD5", b64("short")},
            new String[] {"Content-Type", "not a type"},
            new String[] {"X-Silo-Acl", "everyone"},
            new String[] {"X-Silo-Meta-a!b", "x"},
            new String[] {"If-Match", "\"nope\""},
            new String[] {"If-None-Match", "*", "X-Ignored", "x"});
    for (String target : List.of("/v1/objects/" + KEY, "/v1/objects/new/file.txt")) {
      for (String[] h : puts) {
        if (target.endsWith("new/file.txt") && h[0].startsWith("If-None-Match")) {
          continue; // a valid create
        }
        Api.Resp r = send(tenant.token(), "PUT", target, "hostile".getBytes(StandardCharsets.UTF_8), h);
        assertNoCrash("PUT " + target + " " + String.join(": ", h), r, true);
      }
    }
    // TUS: every header a client sets, out of range or malformed
    List<String[]> tusCreates =
        List.of(
            new String[] {"Upload-Length", "-1"},
            new String[] {"Upload-Length", "x"},
            new String[] {"Upload-Length", "99999999999999999999"},
            new String[] {"Upload-Length", "10", "Upload-Metadata", "filename !!!"},
            new String[] {"Upload-Length", "10", "Upload-Metadata", "key " + b64("../etc/passwd")},
            new String[] {"Upload-Length", "10", "Tus-Resumable", "0.2.2"},
            new String[] {"Upload-Defer-Length", "2"});
    for (String[] h : tusCreates) {
      String[] all = h[0].equals("Upload-Length") && h.length > 4 && h[4].equals("Tus-Resumable") ? h : concat(h, "Tus-Resumable", "1.0.0");
      assertNoCrash("POST /v1/tus/ " + String.join(" ", h), send(tenant.token(), "POST", "/v1/tus/", null, all), true);
    }
    List<String[]> tusPatches =
        List.of(
            new String[] {"Upload-Offset", "-1", "Content-Type", "application/offset+octet-stream"},
            new String[] {"Upload-Offset", "x", "Content-Type", "application/offset+octet-stream"},
            new String[] {"Upload-Offset", "99999999999999999999", "Content-Type", "application/offset+octet-stream"},
            new String[] {"Upload-Offset", "5", "Content-Type", "application/offset+octet-stream"},
            new String[] {"Upload-Offset", "0", "Content-Type", "text/plain"},
            new String[] {"Upload-Offset", "0", "Content-Type", "application/offset+octet-stream", "Upload-Checksum", "sha1 !!!"},
            new String[] {"Upload-Offset", "0", "Content-Type", "application/offset+octet-stream", "Upload-Checksum", "md5 " + b64("x")},
            new String[] {"Upload-Offset", "0", "Content-Type", "application/offset+octet-stream", "Upload-Checksum", "sha1 " + b64("x")});
    for (String[] h : tusPatches) {
      Api.Resp r = send(tenant.token(), "PATCH", "/v1/tus/" + tusUploadId, "abc".getBytes(StandardCharsets.UTF_8), concat(h, "Tus-Resumable", "1.0.0"));
      assertNoCrash("PATCH /v1/tus/{id} " + String.join(" ", h), r, true);
    }
    assertThat(snapshot()).isEqualTo(before);
  }

  // ------------------------------------------------------------------ JSON messages

  @Test
  void bodyErrorsNameTheFieldAndTheShapeInPlainWords() {
    JsonNode e = assertError(tenant.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:1/x\",\"events\":{\"a\":1}}"), 400, "invalid_json");
    assertThat(e.path("message").asText()).contains("events").contains("a list").doesNotContainPattern(INTERNALS);
    e = assertError(op.post("/v1/tenants", "{\"slug\":\"nul-types\",\"limits\":{\"allowed_content_types\":[null]}}"), 400, null);
    assertThat(e.path("message").asText()).contains("allowed_content_types").doesNotContainPattern(INTERNALS);
    assertError(op.get("/v1/tenants/nul-types"), 404, "tenant_not_found");
    e = assertError(op.post("/v1/tenants", "null"), 400, "invalid_json");
    assertThat(e.path("message").asText()).contains("JSON object");
    e = assertError(tenant.post("/v1/sign/" + KEY, "{\"ttl_seconds\":99999999999999999999}"), 400, "invalid_json");
    assertThat(e.path("message").asText()).contains("ttl_seconds").contains("out of range");
    e = assertError(tenant.post("/v1/keys", "{\"name\":42}"), 400, "invalid_json");
    assertThat(e.path("message").asText()).contains("name").contains("a string");
    e = assertError(tenant.patch("/v1/info/" + KEY, "{\"metadata\":{\"a\":null}}"), 400, "invalid_json");
    assertThat(e.path("message").asText()).contains("metadata");
    e = assertError(tenant.post("/v1/uploads", "{\"filename\":\"a.txt\",\"content_type\":\"text/plain\",\"resumable\":\"yes\"}"), 400, "invalid_json");
    assertThat(e.path("message").asText()).contains("resumable").contains("true or false");
    e = assertError(op.patch("/v1/tenants/" + SLUG, "{\"limits\":" + "[".repeat(100) + "]".repeat(100) + "}"), 400, "invalid_json");
    assertThat(e.path("message").asText()).contains("nests too deeply");
  }

  @Test
  void pageLimitsBeyondAnIntDoNotWrapIntoRange() {
    // 2^32 + 100 would read as 100 if cut to an int
    for (String path : List.of("/v1/objects?limit=4294967396", "/v1/audit?limit=4294967396", "/v1/webhooks/" + webhookId + "/deliveries?limit=4294967396")) {
      assertError(tenant.get(path), 400, "invalid_limit");
    }
  }

  @Test
  void aNullWhereAValueIsRequiredIs400() {
    Map<String, String> before = snapshot();
    Map<String, Api.Resp> calls = new LinkedHashMap<>();
    calls.put("tenant slug", op.post("/v1/tenants", "{\"slug\":null}"));
    calls.put("tenant limits list", op.post("/v1/tenants", "{\"slug\":\"nul-limits\",\"limits\":{\"allowed_content_types\":[null]}}"));
    calls.put("bucket name", tenant.post("/v1/buckets", "{\"name\":null}"));
    calls.put("key scopes", tenant.post("/v1/keys", "{\"name\":\"n\",\"scopes\":[null]}"));
    calls.put("s3 credential scopes", tenant.post("/v1/s3-credentials", "{\"scopes\":[null]}"));
    calls.put("webhook url", tenant.post("/v1/webhooks", "{\"url\":null}"));
    calls.put("webhook events", tenant.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:1/x\",\"events\":[null]}"));
    calls.put("upload filename", tenant.post("/v1/uploads", "{\"filename\":null,\"content_type\":null}"));
    calls.put("info metadata", tenant.patch("/v1/info/" + KEY, "{\"metadata\":{\"a\":null}}"));
    calls.put("info acl", tenant.patch("/v1/info/" + KEY, "{\"acl\":\"nobody\"}"));
    calls.put("operator key", op.post("/v1/tenants/" + SLUG + "/keys", "{\"scopes\":[null]}"));
    for (var c : calls.entrySet()) {
      assertNoCrash(c.getKey(), c.getValue(), true);
      assertThat(c.getValue().status()).as(c.getKey()).isEqualTo(400);
    }
    assertError(op.get("/v1/tenants/nul-limits"), 404, "tenant_not_found");
    assertThat(snapshot()).isEqualTo(before);
  }

  // ------------------------------------------------------------------ REST Content-MD5

  @Test
  void restContentMd5IsVerifiedAndAMismatchStoresNothing() throws Exception {
    Api t = silo.tenant("md5-check");
    byte[] body = "checked body".getBytes(StandardCharsets.UTF_8);
    String right = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
    String wrong = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest("other".getBytes(StandardCharsets.UTF_8)));
    assertError(t.put("/v1/objects/a.txt", body, "Content-Type", "text/plain", "Content-MD5", wrong), 400, "bad_digest");
    assertError(t.put("/v1/objects/a.txt", body, "Content-Type", "text/plain", "Content-MD5", "%%%"), 400, "invalid_digest");
    assertError(t.put("/v1/objects/a.txt", body, "Content-Type", "text/plain", "Content-MD5", b64("sixteen?")), 400, "invalid_digest");
    assertError(t.get("/v1/objects/a.txt"), 404, "object_not_found");
    assertThat(t.get("/v1/tenant").json().at("/usage/bytes").asLong()).isZero();
    assertThat(Checks.awaitNoFiles(BadInputTest.spaceOf(silo, "md5-check"))).as("blob cleaned up").isEmpty();

    // a presigned upload PUT is checked the same way
    JsonNode ticket = t.post("/v1/uploads", "{\"filename\":\"p.txt\",\"content_type\":\"text/plain\",\"size\":" + body.length + "}").json();
    Api anon = silo.anonymous();
    assertError(anon.put(ticket.path("upload_url").asText(), body, "Content-Type", "text/plain", "Content-MD5", wrong), 400, "bad_digest");
    assertThat(t.post("/v1/uploads/" + ticket.path("object_id").asText() + "/complete", "").status()).isBetween(400, 499);
    assertThat(t.get("/v1/tenant").json().at("/usage/bytes").asLong()).isZero();
    assertThat(Checks.awaitNoFiles(BadInputTest.spaceOf(silo, "md5-check"))).as("blob cleaned up").isEmpty();

    Api.Resp ok = t.put("/v1/objects/a.txt", body, "Content-Type", "text/plain", "Content-MD5", right);
    assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    assertThat(t.get("/v1/objects/a.txt").body()).isEqualTo("checked body");
  }

  // ------------------------------------------------------------------ S3

  static final List<String> S3_PARAMS =
      List.of("max-keys", "max-uploads", "max-parts", "part-number-marker", "max-buckets", "partNumber", "encoding-type", "list-type",
          "continuation-token", "marker", "key-marker", "upload-id-marker", "prefix", "delimiter");
  static final List<String> S3_VALUES = List.of("-1", "0", "x", "99999999999", "2147483648", "", "1e3", "%", "a\0b");

  static String s3Path(S3Server.Operation o) {
    boolean mutating = !o.method().equals("GET") && !o.method().equals("HEAD");
    return switch (o.target()) {
      case "SERVICE" -> "/";
      case "BUCKET" -> "/" + SLUG;
      // a mutation of a plain object is aimed at an invalid key: a valid one would change it
      default -> mutating && !"uploadId".equals(o.subresource()) ? "/" + SLUG + "/a/../b" : "/" + SLUG + "/" + KEY;
    };
  }

  static List<Map.Entry<String, String>> selecting(S3Server.Operation o) {
    if (o.subresource() == null) {
      return List.of();
    }
    String value = switch (o.subresource()) {
      case "uploadId" -> "no-such-upload";
      case "list-type" -> "2";
      default -> null;
    };
    return List.of(p(o.subresource(), value));
  }

  @Test
  void everyS3OperationSurvivesHostileParametersAndBodiesAndChangesNothing() {
    List<S3Server.Operation> ops = silo.s3Operations();
    assertThat(ops).hasSizeGreaterThan(15);
    Map<String, String> before = snapshot();
    int walked = 0;
    for (S3Server.Operation o : ops) {
      boolean mutating = !o.method().equals("GET") && !o.method().equals("HEAD");
      for (String param : S3_PARAMS) {
        if (param.equals(o.subresource())) {
          continue;
        }
        for (String value : S3_VALUES) {
          List<Map.Entry<String, String>> q = new ArrayList<>(selecting(o));
          q.add(p(param, value));
          Api.Resp r = s3.send(o.method(), s3Path(o), q, null);
          assertS3NoCrash(o.name() + " ?" + param + "=" + value, r, false);
          walked++;
        }
      }
      if (o.method().equals("POST") || o.method().equals("PUT")) {
        byte[] huge = new byte[20 << 20];
        Arrays.fill(huge, (byte) '<');
        Api.Resp r = s3.send(o.method(), s3Path(o), selecting(o), huge, "Content-MD5", b64("sixteen byte md5"));
        assertS3NoCrash(o.name() + " 20 MB", r, true);
      }
      if (mutating) {
        for (String body : List.of("null", "[]", "\"x\"", "42", "<", "<Delete>" + "<a>".repeat(5000), "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Delete>&e;</Delete>")) {
          Api.Resp r = s3.send(o.method(), s3Path(o), selecting(o), body.getBytes(StandardCharsets.UTF_8),
              "Content-MD5", b64("sixteen byte md5"));
          assertS3NoCrash(o.name() + " body " + abbreviate(body), r, o.method().equals("PUT") || o.method().equals("POST"));
          walked++;
        }
      }
    }
    assertThat(walked).isGreaterThan(1000);
    assertThat(snapshot()).isEqualTo(before);
  }

  /**
   * An S3 refusal of any status reads and drops a small unread body before it answers, as the REST
   * port does, so the connection stays open: answering early and closing made a client still
   * sending see a broken pipe instead of the answer.
   */
  @Test
  void anS3RefusalOfAnyStatusDrainsASmallBodyAndKeepsTheConnection() {
    byte[] body = new byte[1 << 20];
    Api.Resp noUpload = s3.send("PUT", "/" + SLUG + "/multi.bin", List.of(p("partNumber", "1"), p("uploadId", "no-such-upload")), body);
    Api.Resp noBucket = s3.send("PUT", "/no-such-bucket/k", List.of(), body);

    assertS3Error(noUpload, 404, "NoSuchUpload");
    assertS3Error(noBucket, 404, "NoSuchBucket");
    assertThat(noUpload.header("Connection")).as(noUpload.toString()).isEmpty();
    assertThat(noBucket.header("Connection")).as(noBucket.toString()).isEmpty();
  }

  @Test
  void s3ListParametersOutOfRangeAreInvalidArgument() {
    String objectPath = "/" + SLUG + "/multi.bin";
    for (String v : List.of("-1", "0", "x", "99999999999", "1.5")) {
      assertS3Error(s3.send("GET", "/" + SLUG, List.of(p("uploads", null), p("max-uploads", v)), null), 400, "InvalidArgument");
      assertS3Error(s3.send("GET", objectPath, List.of(p("uploadId", s3UploadId), p("max-parts", v)), null), 400, "InvalidArgument");
      assertS3Error(s3.send("GET", "/", List.of(p("max-buckets", v)), null), 400, "InvalidArgument");
    }
    for (String v : List.of("-1", "x", "99999999999")) {
      assertS3Error(s3.send("GET", "/" + SLUG, List.of(p("list-type", "2"), p("max-keys", v)), null), 400, "InvalidArgument");
      assertS3Error(s3.send("GET", "/" + SLUG, List.of(p("max-keys", v)), null), 400, "InvalidArgument");
      assertS3Error(s3.send("GET", objectPath, List.of(p("uploadId", s3UploadId), p("part-number-marker", v)), null), 400, "InvalidArgument");
    }
    // in range: max-keys=0 is an empty page, values above 1000 are served as 1000
    Api.Resp zero = s3.send("GET", "/" + SLUG, List.of(p("list-type", "2"), p("max-keys", "0")), null);
    assertThat(zero.status()).isEqualTo(200);
    assertThat(zero.body()).contains("<MaxKeys>0</MaxKeys>").doesNotContain("<Contents>");
    Api.Resp big = s3.send("GET", "/" + SLUG, List.of(p("uploads", null), p("max-uploads", "5000")), null);
    assertThat(big.status()).isEqualTo(200);
    assertThat(big.body()).contains("<MaxUploads>1000</MaxUploads>").contains(s3UploadId);
    Api.Resp one = s3.send("GET", "/", List.of(p("max-buckets", "1")), null);
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.body()).contains("<Name>" + SLUG + "</Name>");
  }

  @Test
  void aSignatureForAnotherRegionIsRefusedNamingTheServersRegion() throws Exception {
    for (String region : List.of("eu-west-1", "x", "US-EAST-1")) {
      Api.Resp r = s3.inRegion(region).send("GET", "/" + SLUG, List.of(p("list-type", "2")), null);
      assertS3Error(r, 400, "AuthorizationHeaderMalformed");
      assertThat(r.body()).contains("region &apos;" + region + "&apos; is wrong").contains("expecting &apos;us-east-1&apos;");
      // as S3 does: clients read it and sign again for it (s3cmd, whose default region is US)
      assertThat(r.body()).contains("<Region>us-east-1</Region>");
    }
    assertThat(s3.send("GET", "/" + SLUG, List.of(p("list-type", "2")), null).status()).isEqualTo(200);
    // presigned query authentication: S3's own code for a bad X-Amz-Credential
    for (Region region : List.of(Region.EU_WEST_1, Region.US_EAST_1)) {
      try (S3Presigner presigner =
          S3Presigner.builder()
              .endpointOverride(URI.create(silo.s3Url()))
              .region(region)
              .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secret())))
              .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
              .build()) {
        URI url = presigner.presignGetObject(g -> g.signatureDuration(Duration.ofMinutes(5)).getObjectRequest(b -> b.bucket(SLUG).key(KEY)))
            .url().toURI();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
        if (region == Region.US_EAST_1) {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.body()).isEqualTo("kept");
        } else {
          assertS3Error(new Api.Resp(r.statusCode(), r.headers().map(), r.body()), 400, "AuthorizationQueryParametersError");
          assertThat(r.body()).contains("region &apos;eu-west-1&apos; is wrong").contains("expecting &apos;us-east-1&apos;")
              .contains("<Region>us-east-1</Region>");
        }
      }
    }
  }

  static void assertS3Error(Api.Resp r, int status, String code) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.body()).as(r.toString()).contains("<Code>" + code + "</Code>").contains("<Message>").contains("<RequestId>");
    assertThat(r.body()).doesNotContainPattern(INTERNALS);
  }

  // ------------------------------------------------------------------ helpers

  static String[] concat(String[] a, String... b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…(" + s.length() + ")" : s;
  }

}
