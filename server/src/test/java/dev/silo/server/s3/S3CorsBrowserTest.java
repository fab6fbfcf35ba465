package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.silo.server.console.BrowserScript;
import dev.silo.server.it.TestSilo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Presigned S3 URLs used by a page of another origin, in a real browser ({@code
 * server/src/test/browser/s3-cors.mjs}: Debian's chromium driven by playwright-core): with the page's
 * origin allowed, by the operator's {@code SILO_CORS_ORIGINS} or by the bucket's own CORS rules
 * (S3's PutBucketCors), it uploads, reads the ETag, uploads a part whose ETag the server then
 * completes the upload with, posts a form (S3 POST Object, its policy signed by boto3), downloads,
 * and reads an error; a page of another origin reads nothing.
 */
class S3CorsBrowserTest {
  @TempDir Path dir;

  @Test
  void aPageOfAnOriginTheOperatorAllowsUsesPresignedUrlsAndAnotherCannot() throws Exception {
    pageUsesPresignedUrls(true);
  }

  @Test
  void aPageOfAnOriginTheBucketsRulesAllowUsesPresignedUrlsAndAnotherCannot() throws Exception {
    pageUsesPresignedUrls(false);
  }

  private void pageUsesPresignedUrls(boolean byOperator) throws Exception {
    BrowserScript.assumeRunnable();
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    // the page is served by the REST port: its origin is the one the operator allows
    String page = "http://127.0.0.1:" + port;
    {
      Map<String, String> env = byOperator ? Map.of("SILO_PORT", String.valueOf(port), "SILO_CORS_ORIGINS", page)
          : Map.of("SILO_PORT", String.valueOf(port));
      try (TestSilo silo = TestSilo.start(dir.resolve(byOperator ? "operator" : "bucket"), env)) {
        assertThat(silo.url()).startsWith(page);
        S3Fixture.Credential cred = S3Fixture.tenant(silo, "pages", null, null);
        try (S3Client s3 = SdkClients.client(silo.s3Url(), cred.accessKeyId(), cred.secret());
            S3Presigner presigner = SdkClients.presigner(silo.s3Url(), cred.accessKeyId(), cred.secret())) {
          if (!byOperator) {
            // what a tenant's set-up script does for its web app, the operator not involved
            s3.putBucketCors(b -> b.bucket("pages").corsConfiguration(c -> c.corsRules(r -> r.allowedOrigins(page)
                .allowedMethods("GET", "PUT", "POST").allowedHeaders("*").exposeHeaders("ETag", "x-amz-meta-origin"))));
          }
          Duration ttl = Duration.ofMinutes(5);
          String put = presigner.presignPutObject(b -> b.signatureDuration(ttl)
              .putObjectRequest(p -> p.bucket("pages").key("from-page.txt").metadata(Map.of("origin", "page")))).url().toString();
          String get = presigner.presignGetObject(b -> b.signatureDuration(ttl)
              .getObjectRequest(g -> g.bucket("pages").key("from-page.txt"))).url().toString();
          String missing = presigner.presignGetObject(b -> b.signatureDuration(ttl)
              .getObjectRequest(g -> g.bucket("pages").key("missing.txt"))).url().toString();
          String upload = s3.createMultipartUpload(b -> b.bucket("pages").key("parts.bin")).uploadId();
          String part = presigner.presignUploadPart(b -> b.signatureDuration(ttl)
              .uploadPartRequest(u -> u.bucket("pages").key("parts.bin").uploadId(upload).partNumber(1))).url().toString();

          JsonNode form = PostObjectTest.presign(silo, dir, cred, Map.of("bucket", "pages", "key", "posted/${filename}"));

          JsonNode out = run(Map.of("PAGE_URL", page + "/healthz", "PUT_URL", put, "GET_URL", get, "PART_URL", part, "MISSING_URL", missing,
              "POST_FORM", form.toString()));

          JsonNode allowed = out.get("allowed");
          String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest("uploaded from a page".getBytes(StandardCharsets.UTF_8)));
          assertThat(allowed.get("putStatus").asInt()).isEqualTo(200);
          assertThat(allowed.get("etag").asText()).as("the page reads the ETag").isEqualTo("\"" + md5 + "\"");
          assertThat(allowed.get("getStatus").asInt()).isEqualTo(200);
          assertThat(allowed.get("text").asText()).isEqualTo("uploaded from a page");
          assertThat(allowed.get("meta").asText()).as("user metadata too").isEqualTo("page");
          assertThat(allowed.get("partStatus").asInt()).isEqualTo(200);
          assertThat(allowed.get("missingStatus").asInt()).isEqualTo(404);
          assertThat(allowed.get("missingCode").asText()).as("an error is readable").isEqualTo("NoSuchKey");
          assertThat(out.get("refused").asText()).isEqualTo("refused");
          assertThat(allowed.get("postStatus").asInt()).as("a form upload").isEqualTo(204);
          assertThat(allowed.get("postEtag").asText()).isNotBlank();
          assertThat(s3.getObjectAsBytes(b -> b.bucket("pages").key("posted/note.txt")).asUtf8String()).isEqualTo("posted from a page");

          String partEtag = allowed.get("partEtag").asText();
          s3.completeMultipartUpload(b -> b.bucket("pages").key("parts.bin").uploadId(upload)
              .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(partEtag).build())));
          assertThat(s3.headObject(b -> b.bucket("pages").key("parts.bin")).contentLength()).isEqualTo(1024);
        }
      }
    }
  }

  private static JsonNode run(Map<String, String> env) throws Exception {
    return new ObjectMapper().readTree(BrowserScript.run("s3-cors.mjs", env, Duration.ofSeconds(120)).getLast());
  }
}
