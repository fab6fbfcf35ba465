package dev.silo.server.it;

import static dev.silo.server.it.Checks.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bucket's CORS rules on the REST port, set over REST (the same rules S3's PutBucketCors sets),
 * on a server whose operator allows no origin: a page of an allowed origin uses the bucket's signed
 * URLs and its upload tokens (TUS) from the browser, the preflights answered by the rules of the
 * bucket the token in their URL was minted for. Requests with any other credential are not
 * answered by a bucket's rules (their preflights carry none), nor is another tenant's token.
 */
class BucketCorsRestTest {
  private static final String APP = "https://app.example";
  private static final String RULES = "{\"rules\":[{\"id\":\"app\",\"allowed_origins\":[\"" + APP + "\"],"
      + "\"allowed_methods\":[\"GET\",\"HEAD\",\"PUT\",\"POST\",\"PATCH\",\"DELETE\"],\"allowed_headers\":[\"*\"],"
      + "\"expose_headers\":[\"ETag\",\"Location\",\"Upload-Offset\",\"Upload-Length\",\"Tus-Resumable\"],\"max_age_seconds\":600}]}";

  @TempDir static Path dir;
  static TestSilo silo;
  static Api web;
  static Api other;
  static Api anon;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("silo"));
    web = silo.tenant("web", "{\"max_buckets\":2}");
    other = silo.tenant("other");
    anon = silo.anonymous();
    Api.Resp set = web.put("/v1/buckets/web/cors", RULES, "Content-Type", "application/json");
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    web.put("/v1/objects/docs/a.txt", "hello", "Content-Type", "text/plain");
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  private static Api.Resp preflight(String url, String origin, String method, String headers) {
    return headers == null
        ? anon.send("OPTIONS", url, HttpRequest.BodyPublishers.noBody(), "Origin", origin, "Access-Control-Request-Method", method)
        : anon.send("OPTIONS", url, HttpRequest.BodyPublishers.noBody(), "Origin", origin, "Access-Control-Request-Method", method,
            "Access-Control-Request-Headers", headers);
  }

  @Test
  void theRulesAreReadAndCheckedOverRest() {
    assertThat(web.get("/v1/buckets/web/cors").json().path("rules").get(0).path("allowed_origins").get(0).asText()).isEqualTo(APP);
    assertThat(web.get("/v1/buckets/web/cors").json().path("rules").get(0).path("max_age_seconds").asInt()).isEqualTo(600);
    assertError(web.put("/v1/buckets/web/cors", "{\"rules\":[{\"allowed_origins\":[\"" + APP + "\"],\"allowed_methods\":[\"TRACE\"]}]}",
        "Content-Type", "application/json"), 400, "invalid_cors");
    assertError(web.put("/v1/buckets/web/cors", "{\"rules\":[{\"allowed_methods\":[\"GET\"]}]}", "Content-Type", "application/json"),
        400, "invalid_cors");
    assertError(web.put("/v1/buckets/web/cors", "{\"rules\":[null]}", "Content-Type", "application/json"), 400, "invalid_json");
    assertThat(web.get("/v1/buckets/web/cors").json().path("rules")).as("unchanged").hasSize(1);
    assertError(other.get("/v1/buckets/web/cors"), 404, null);
    assertError(other.put("/v1/buckets/web/cors", RULES, "Content-Type", "application/json"), 404, null);
    assertError(other.delete("/v1/buckets/web/cors"), 404, null);
  }

  @Test
  void aSignedDownloadUrlIsUsableFromAnAllowedPage() {
    String url = web.post("/v1/sign/docs/a.txt", "{\"ttl_seconds\":600}").json().path("url").asText();
    Api.Resp pre = preflight(url, APP, "GET", "range");
    assertThat(pre.status()).isBetween(200, 204);
    assertThat(pre.header("Access-Control-Allow-Origin")).hasValue(APP);
    assertThat(pre.header("Access-Control-Allow-Headers")).hasValue("range");
    assertThat(pre.header("Access-Control-Max-Age")).hasValue("600");

    Api.Resp get = anon.get(url, "Origin", APP);
    assertThat(get.body()).isEqualTo("hello");
    assertThat(get.header("Access-Control-Allow-Origin")).hasValue(APP);
    assertThat(get.header("Access-Control-Expose-Headers").orElse("")).contains("ETag");
    assertThat(anon.get(url, "Origin", "https://evil.example").header("Access-Control-Allow-Origin")).isEmpty();
    assertThat(preflight(url, "https://evil.example", "GET", null).header("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void aResumableUploadIsCreatedAndSentFromAnAllowedPage() {
    Api.Resp reserved = web.post("/v1/uploads", "{\"filename\":\"note.txt\",\"content_type\":\"text/plain\",\"size\":5,\"resumable\":true}");
    assertThat(reserved.status()).as(reserved.body()).isBetween(200, 201);
    String creation = reserved.json().path("upload_url").asText();

    Api.Resp pre = preflight(creation, APP, "POST", "tus-resumable,upload-length,upload-metadata");
    assertThat(pre.header("Access-Control-Allow-Origin")).as("the upload's bucket's rules").hasValue(APP);
    Api.Resp created = anon.send("POST", creation, HttpRequest.BodyPublishers.noBody(), "Origin", APP, "Tus-Resumable", "1.0.0",
        "Upload-Length", "5");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("Access-Control-Allow-Origin")).hasValue(APP);
    assertThat(created.header("Access-Control-Expose-Headers").orElse("")).contains("Location");
    String location = created.header("Location").orElseThrow();

    assertThat(preflight(location, APP, "PATCH", "tus-resumable,upload-offset,content-type").header("Access-Control-Allow-Origin"))
        .hasValue(APP);
    Api.Resp patched = anon.send("PATCH", location, HttpRequest.BodyPublishers.ofString("hello"), "Origin", APP, "Tus-Resumable", "1.0.0",
        "Upload-Offset", "0", "Content-Type", "application/offset+octet-stream");
    assertThat(patched.status()).as(patched.body()).isEqualTo(204);
    assertThat(patched.header("Access-Control-Allow-Origin")).hasValue(APP);
    assertThat(patched.header("Access-Control-Expose-Headers").orElse("")).contains("Upload-Offset");
    assertThat(web.get("/v1/objects/" + reserved.json().path("key").asText()).body()).isEqualTo("hello");
  }

  @Test
  void noBucketsRulesAnswerWithoutATokenOfThatBucket() {
    Api.Resp bearer = preflight(silo.url() + "/v1/objects/docs/a.txt", APP, "GET", "authorization");
    assertThat(bearer.header("Access-Control-Allow-Origin")).as("a preflight without a token names no bucket").isEmpty();
    assertThat(web.get("/v1/objects/docs/a.txt", "Origin", APP).header("Access-Control-Allow-Origin")).isEmpty();

    other.put("/v1/objects/x.txt", "x", "Content-Type", "text/plain");
    String theirs = other.post("/v1/sign/x.txt", "{}").json().path("url").asText();
    assertThat(preflight(theirs, APP, "GET", null).header("Access-Control-Allow-Origin")).as("their bucket has no rules").isEmpty();
    String forged = theirs.replace("/v1/objects/x.txt", "/v1/objects/docs/a.txt");
    assertThat(preflight(forged, APP, "GET", null).header("Access-Control-Allow-Origin")).as("a token for another key").isEmpty();
  }

  @Test
  void aPageReadsWhyItsSignedUrlWasRefused() {
    Api.Resp key = web.post("/v1/keys", "{\"name\":\"short-lived\",\"scopes\":[\"read\"]}");
    Api second = silo.as(key.json().path("key").asText());
    String url = second.post("/v1/sign/docs/a.txt", "{}").json().path("url").asText();
    assertThat(anon.get(url, "Origin", APP).status()).isEqualTo(200);
    assertThat(web.delete("/v1/keys/" + key.json().path("id").asText()).status()).isBetween(200, 204);

    Api.Resp refused = anon.get(url, "Origin", APP);
    assertError(refused, 403, "invalid_signature");
    assertThat(refused.header("Access-Control-Allow-Origin")).as("the page may read why").hasValue(APP);
    assertThat(anon.get(url, "Origin", "https://evil.example").header("Access-Control-Allow-Origin")).isEmpty();
    String forged = url.substring(0, url.length() - 4) + (url.endsWith("AAAA") ? "BBBB" : "AAAA");
    assertThat(anon.get(forged, "Origin", APP).header("Access-Control-Allow-Origin")).as("a token whose MAC fails names no bucket").isEmpty();
  }

  @Test
  void hostilePreflightsAreAnsweredWithoutRulesAndNeverFail() {
    String good = web.post("/v1/sign/docs/a.txt", "{}").json().path("url").asText();
    String token = good.substring(good.indexOf("token=") + 6);
    for (String[] p : new String[][] {
        {"/v1/objects/docs/a.txt?token=garbage", "GET"},
        {"/v1/objects/docs/a.txt?token=" + token + "&bucket=Not_A_Bucket", "GET"},
        {"/v1/objects/" + "k".repeat(1100) + "?token=" + token, "GET"}, // a key too long to be one
        {"/v1/objects/docs/a.txt?token=" + token, "BREW"},
        {"/v1/no-such-route?token=" + token, "GET"},
        {"/v1/tus/tus_nothing?token=" + token, "PATCH"}}) {
      Api.Resp r = preflight(silo.url() + p[0], APP, p[1], "x-anything");
      assertThat(r.status()).as("%s %s", p[1], p[0]).isBetween(200, 499);
      assertThat(r.header("Access-Control-Allow-Origin")).as("%s %s", p[1], p[0]).isEmpty();
    }
  }

  @Test
  void removedRulesAnswerNothing() {
    assertThat(web.post("/v1/buckets", "{\"name\":\"gone\"}").status()).isEqualTo(201);
    assertThat(web.put("/v1/buckets/gone/cors", RULES, "Content-Type", "application/json").status()).isEqualTo(200);
    web.put("/v1/objects/g.txt?bucket=gone", "g", "Content-Type", "text/plain");
    String url = web.post("/v1/sign/g.txt?bucket=gone", "{}").json().path("url").asText();
    assertThat(preflight(url, APP, "GET", null).header("Access-Control-Allow-Origin")).hasValue(APP);
    assertThat(web.delete("/v1/buckets/gone/cors").status()).isEqualTo(204);
    assertThat(preflight(url, APP, "GET", null).header("Access-Control-Allow-Origin")).isEmpty();
    assertThat(web.get("/v1/buckets/gone/cors").json().path("rules")).isEmpty();
  }
}
