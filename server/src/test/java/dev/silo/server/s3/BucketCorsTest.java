package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.server.it.TestSilo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A bucket's own CORS rules (S3's PutBucketCors), on a server whose operator allows no origin: a
 * tenant lets its pages call its bucket without the operator. Preflights name no credential, so
 * the rules are those of the bucket of the tenant whose key the presigned URL names: two tenants
 * with a bucket of the same name each get their own bucket's rules, never the other's.
 */
class BucketCorsTest {
  private static final String APP = "https://app.example";

  @TempDir static Path dir;
  static TestSilo silo;
  static S3Fixture.Credential alpha;
  static S3Fixture.Credential beta;
  static S3Client s3;
  static S3Client betaS3;
  final HttpClient http = HttpClient.newHttpClient();

  static final CORSRule APP_RULE = CORSRule.builder().id("app").allowedOrigins(APP).allowedMethods("GET", "PUT")
      .allowedHeaders("content-type", "x-amz-*").exposeHeaders("ETag", "x-amz-meta-owner").maxAgeSeconds(3000).build();
  static final CORSRule DOCS_RULE = CORSRule.builder().allowedOrigins("https://*.example.org").allowedMethods("GET").build();

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("silo"));
    alpha = S3Fixture.tenant(silo, "alpha", "{\"max_buckets\":3}", null);
    beta = S3Fixture.tenant(silo, "beta", "{\"max_buckets\":3}", null);
    s3 = SdkClients.client(silo.s3Url(), alpha.accessKeyId(), alpha.secret());
    betaS3 = SdkClients.client(silo.s3Url(), beta.accessKeyId(), beta.secret());
    s3.createBucket(b -> b.bucket("site"));
    betaS3.createBucket(b -> b.bucket("site")); // the same name in another tenant, without rules
    s3.putObject(b -> b.bucket("site").key("a.txt").metadata(java.util.Map.of("owner", "alpha")), RequestBody.fromString("hello"));
    s3.putBucketCors(b -> b.bucket("site").corsConfiguration(c -> c.corsRules(APP_RULE, DOCS_RULE)));
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
    betaS3.close();
    silo.close();
  }

  private static URI presignedPut(S3Fixture.Credential cred, String bucket) throws Exception {
    try (S3Presigner p = SdkClients.presigner(silo.s3Url(), cred.accessKeyId(), cred.secret())) {
      return p.presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(5)).putObjectRequest(o -> o.bucket(bucket).key("new.txt")))
          .url().toURI();
    }
  }

  private static URI presignedGet(String key) throws Exception {
    try (S3Presigner p = SdkClients.presigner(silo.s3Url(), alpha.accessKeyId(), alpha.secret())) {
      return p.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5)).getObjectRequest(o -> o.bucket("site").key(key)))
          .url().toURI();
    }
  }

  private HttpResponse<String> preflight(URI url, String origin, String method, String headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin).header("Access-Control-Request-Method", method);
    if (headers != null) {
      b.header("Access-Control-Request-Headers", headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theRulesAreKeptAsSentAndCheckedAsS3ChecksThem() {
    List<CORSRule> rules = s3.getBucketCors(b -> b.bucket("site")).corsRules();
    assertThat(rules).containsExactly(APP_RULE, DOCS_RULE);

    for (CORSRule bad : List.of(
        CORSRule.builder().allowedOrigins(APP).allowedMethods("TRACE").build(),
        CORSRule.builder().allowedOrigins("https://*.*.example").allowedMethods("GET").build(),
        CORSRule.builder().allowedOrigins(APP).allowedMethods("GET").allowedHeaders("x-*-*").build())) {
      assertThatThrownBy(() -> s3.putBucketCors(b -> b.bucket("site").corsConfiguration(c -> c.corsRules(bad))))
          .isInstanceOf(S3Exception.class)
          .satisfies(e -> assertThat(((S3Exception) e).awsErrorDetails().errorCode()).isEqualTo("InvalidRequest"));
    }
    assertThat(s3.getBucketCors(b -> b.bucket("site")).corsRules()).as("unchanged").containsExactly(APP_RULE, DOCS_RULE);
    assertThatThrownBy(() -> betaS3.getBucketCors(b -> b.bucket("site")))
        .as("the other tenant's bucket of that name has none")
        .isInstanceOf(S3Exception.class)
        .satisfies(e -> assertThat(((S3Exception) e).awsErrorDetails().errorCode()).isEqualTo("NoSuchCORSConfiguration"));
  }

  @Test
  void aPreflightNamingTheTenantsKeyIsAnsweredByTheFirstRuleThatAllowsIt() throws Exception {
    URI put = presignedPut(alpha, "site");
    HttpResponse<String> ok = preflight(put, APP, "PUT", "content-type,x-amz-meta-owner");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).contains(APP);
    assertThat(ok.headers().firstValue("Access-Control-Allow-Methods")).contains("GET, PUT");
    assertThat(ok.headers().firstValue("Access-Control-Allow-Headers")).contains("content-type,x-amz-meta-owner");
    assertThat(ok.headers().firstValue("Access-Control-Max-Age")).contains("3000");

    HttpResponse<String> docs = preflight(put, "https://guide.example.org", "GET", null);
    assertThat(docs.statusCode()).as("the wildcard origin of the second rule").isEqualTo(200);
    assertThat(docs.headers().firstValue("Access-Control-Allow-Origin")).contains("https://guide.example.org");
    assertThat(docs.headers().firstValue("Access-Control-Max-Age")).isEmpty();

    for (String[] refused : new String[][] {
        {APP, "DELETE", null}, {APP, "PUT", "authorization"}, {"https://evil.example", "PUT", null},
        {"https://guide.example.org", "PUT", null}, {"https://example.org", "GET", null}}) {
      HttpResponse<String> r = preflight(put, refused[0], refused[1], refused[2]);
      assertThat(r.statusCode()).as("%s %s %s", (Object[]) refused).isEqualTo(403);
      assertThat(r.body()).contains("<Code>AccessForbidden</Code>");
      assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
    HttpResponse<String> unnamed = preflight(URI.create(silo.s3Url() + "/site/new.txt"), APP, "PUT", null);
    assertThat(unnamed.statusCode()).as("no key in the URL: no tenant, no bucket's rules").isEqualTo(403);
  }

  @Test
  void anotherTenantsKeyNeverMeetsThisTenantsRules() throws Exception {
    HttpResponse<String> r = preflight(presignedPut(beta, "site"), APP, "PUT", null);
    assertThat(r.statusCode()).as("beta's bucket 'site' has no rules, whatever alpha's says").isEqualTo(403);
    r = preflight(presignedPut(beta, "alpha"), APP, "PUT", null);
    assertThat(r.statusCode()).as("alpha's default bucket, named with beta's key").isEqualTo(403);
  }

  @Test
  void answersAndErrorsToAnAllowedPageSayWhatItMayRead() throws Exception {
    for (String key : new String[] {"a.txt", "missing.txt"}) {
      URI url = presignedGet(key);
      HttpResponse<String> allowed = http.send(HttpRequest.newBuilder(url).header("Origin", APP).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> other =
          http.send(HttpRequest.newBuilder(url).header("Origin", "https://evil.example").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(allowed.statusCode()).isEqualTo(key.equals("a.txt") ? 200 : 404);
      assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(APP);
      assertThat(allowed.headers().firstValue("Access-Control-Expose-Headers")).contains("ETag, x-amz-meta-owner");
      assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
    // refused before the signature was checked (tampered): the page still reads why
    URI tampered = URI.create(presignedGet("a.txt").toString().replaceAll("X-Amz-Signature=[0-9a-f]+", "X-Amz-Signature=" + "0".repeat(64)));
    HttpResponse<String> forbidden = http.send(HttpRequest.newBuilder(tampered).header("Origin", APP).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.body()).contains("SignatureDoesNotMatch");
    assertThat(forbidden.headers().firstValue("Access-Control-Allow-Origin")).contains(APP);
  }

  @Test
  void deletingTheRulesLeavesBrowsersToTheServersOrigins() throws Exception {
    s3.createBucket(b -> b.bucket("gone"));
    s3.putBucketCors(b -> b.bucket("gone").corsConfiguration(c -> c.corsRules(APP_RULE)));
    URI put = presignedPut(alpha, "gone");
    assertThat(preflight(put, APP, "PUT", null).statusCode()).isEqualTo(200);
    s3.deleteBucketCors(b -> b.bucket("gone"));
    assertThat(preflight(put, APP, "PUT", null).statusCode()).isEqualTo(403);
    assertThatThrownBy(() -> s3.getBucketCors(b -> b.bucket("gone")))
        .isInstanceOf(S3Exception.class)
        .satisfies(e -> assertThat(((S3Exception) e).awsErrorDetails().errorCode()).isEqualTo("NoSuchCORSConfiguration"));
    assertThat(alpha.api().get("/v1/audit?action=bucket.cors").json().path("items")).hasSize(3); // site, gone set, gone removed
  }
}
