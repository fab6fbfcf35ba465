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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 port's CORS, from {@code SILO_CORS_ORIGINS} as on the REST port: a preflight from an
 * allowed origin is answered without credentials, one from any other is {@code 403}, answers
 * (errors too) carry the origin and the headers a page may read, and GetBucketCors reports the
 * rule while a bucket has none of its own ({@link BucketCorsTest}). {@link S3CorsBrowserTest} does
 * the same from a real browser.
 */
class S3CorsTest {
  private static final String APP = "https://app.example";

  @TempDir static Path dir;
  static TestSilo silo;
  static S3Fixture.Credential cred;
  static S3Client s3;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("silo"), Map.of("SILO_CORS_ORIGINS", APP));
    cred = S3Fixture.tenant(silo, "cors", "{\"max_buckets\":2}", null);
    s3 = SdkClients.client(silo.s3Url(), cred.accessKeyId(), cred.secret());
    s3.putObject(b -> b.bucket("cors").key("a.txt"), RequestBody.fromString("hello"));
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
    silo.close();
  }

  private HttpResponse<String> preflight(String origin, String method) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(silo.s3Url() + "/cors/new.txt"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin).header("Access-Control-Request-Method", method)
        .header("Access-Control-Request-Headers", "content-type,x-amz-meta-owner").build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPreflightFromAnAllowedOriginIsAnsweredWithoutCredentials() throws Exception {
    HttpResponse<String> r = preflight(APP, "PUT");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains(APP);
    assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("PUT", "GET", "DELETE");
    assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).contains("content-type,x-amz-meta-owner");
  }

  @Test
  void aPreflightFromAnyOtherOriginIsRefused() throws Exception {
    HttpResponse<String> r = preflight("https://evil.example", "PUT");

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("<Code>AccessForbidden</Code>");
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void answersAndErrorsCarryTheOriginAndWhatAPageMayRead() throws Exception {
    try (S3Presigner presigner = SdkClients.presigner(silo.s3Url(), cred.accessKeyId(), cred.secret())) {
      for (String key : new String[] {"a.txt", "missing.txt"}) {
        URI url = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
            .getObjectRequest(g -> g.bucket("cors").key(key))).url().toURI();
        HttpResponse<String> allowed = http.send(HttpRequest.newBuilder(url).header("Origin", APP).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> other =
            http.send(HttpRequest.newBuilder(url).header("Origin", "https://evil.example").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(allowed.statusCode()).isEqualTo(key.equals("a.txt") ? 200 : 404);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(APP);
        assertThat(allowed.headers().firstValue("Access-Control-Expose-Headers").orElseThrow()).contains("ETag", "x-amz-version-id");
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
      }
    }
  }

  @Test
  void getBucketCorsReportsTheServersRuleUntilTheBucketHasItsOwn() throws Exception {
    var rules = s3.getBucketCors(b -> b.bucket("cors")).corsRules();

    assertThat(rules).singleElement().satisfies(rule -> {
      assertThat(rule.allowedOrigins()).containsExactly(APP);
      assertThat(rule.allowedMethods()).contains("GET", "PUT");
    });
    s3.createBucket(b -> b.bucket("own-rules"));
    s3.putBucketCors(b -> b.bucket("own-rules").corsConfiguration(c -> c.corsRules(r -> r.allowedOrigins("https://other.example").allowedMethods("GET"))));
    assertThat(s3.getBucketCors(b -> b.bucket("own-rules")).corsRules().getFirst().allowedOrigins()).containsExactly("https://other.example");
    // the server's origins still answer first, for every bucket
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(silo.s3Url() + "/own-rules/x"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", APP).header("Access-Control-Request-Method", "PUT").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void withoutOriginsThereIsNoRule() throws Exception {
    try (TestSilo plain = TestSilo.start(dir.resolve("plain"))) {
      S3Fixture.Credential c = S3Fixture.tenant(plain, "nocors", null, null);
      try (S3Client client = SdkClients.client(plain.s3Url(), c.accessKeyId(), c.secret())) {
        assertThatThrownBy(() -> client.getBucketCors(b -> b.bucket("nocors")))
            .isInstanceOf(S3Exception.class)
            .satisfies(e -> assertThat(((S3Exception) e).awsErrorDetails().errorCode()).isEqualTo("NoSuchCORSConfiguration"));
      }
    }
  }
}
