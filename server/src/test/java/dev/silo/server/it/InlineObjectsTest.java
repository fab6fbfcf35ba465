package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Small objects inline ({@code SILO_INLINE_MAX}, 64 KiB by default) as clients meet them: stored
 * without a blob in the tenant's storage space, served alike on REST and S3 (whole, ranges,
 * conditionals, HEAD, public and signed URLs), copied, replaced and deleted; one byte over the
 * limit is a blob, and {@code SILO_INLINE_MAX=0} makes every object one. On SQLite and the
 * filesystem here; {@link InlineObjectsOnS3PostgresTest} on PostgreSQL and S3.
 */
class InlineObjectsTest {
  private static final int MAX = 64 * 1024;

  @TempDir static Path dir;
  static TestSilo silo;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("data"));
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  @Test
  void aSmallObjectHasNoBlobAndIsServedWholeInRangesAndConditionallyOnRestAndS3() throws Exception {
    Api t = silo.tenant("inline-rest-s3");
    String body = text(4096, 1);
    Api.Resp put = t.put("/v1/objects/docs/small.txt", body, "Content-Type", "text/plain");
    assertThat(put.status()).as(put.body()).isEqualTo(201);
    assertThat(put.json().path("etag").asText()).isEqualTo(hex("MD5", body));
    assertThat(put.json().path("sha256").asText()).isEqualTo(hex("SHA-256", body));
    assertThat(silo.awaitBlobs("inline-rest-s3", 0)).as("no blob in the storage space").isEmpty();

    Api.Resp get = t.get("/v1/objects/docs/small.txt");
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(body);
    String etag = get.header("ETag").orElseThrow();
    Api.Resp range = t.get("/v1/objects/docs/small.txt", "Range", "bytes=100-199");
    assertThat(range.status()).isEqualTo(206);
    assertThat(range.body()).isEqualTo(body.substring(100, 200));
    assertThat(range.header("Content-Range")).hasValue("bytes 100-199/4096");
    assertThat(t.get("/v1/objects/docs/small.txt", "Range", "bytes=-10").body()).isEqualTo(body.substring(4086));
    assertThat(t.get("/v1/objects/docs/small.txt", "Range", "bytes=5000-").status()).isEqualTo(416);
    assertThat(t.get("/v1/objects/docs/small.txt", "If-None-Match", etag).status()).isEqualTo(304);
    Api.Resp head = t.head("/v1/objects/docs/small.txt");
    assertThat(head.header("Content-Length")).hasValue("4096");
    assertThat(head.header("ETag")).hasValue(etag);

    String signed = t.post("/v1/sign/docs/small.txt", "{\"ttl_seconds\":60}").json().path("url").asText();
    assertThat(silo.anonymous().get(signed, "Range", "bytes=0-9").body()).isEqualTo(body.substring(0, 10));
    assertThat(t.patch("/v1/info/docs/small.txt", "{\"acl\":\"public\"}").status()).isEqualTo(200);
    assertThat(silo.anonymous().get("/v1/public/inline-rest-s3/docs/small.txt").body()).isEqualTo(body);

    try (S3Client s3 = s3(t)) {
      String bucket = "inline-rest-s3";
      var object = s3.getObjectAsBytes(b -> b.bucket(bucket).key("docs/small.txt"));
      assertThat(object.asUtf8String()).isEqualTo(body);
      assertThat(object.response().eTag()).isEqualTo(etag);
      assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("docs/small.txt").range("bytes=4000-4095")).asUtf8String())
          .isEqualTo(body.substring(4000));
      assertThat(s3.headObject(b -> b.bucket(bucket).key("docs/small.txt")).contentLength()).isEqualTo(4096);

      String viaS3 = text(1000, 2);
      s3.putObject(b -> b.bucket(bucket).key("s3/put.txt").contentType("text/plain"), RequestBody.fromString(viaS3));
      assertThat(t.get("/v1/objects/s3/put.txt").body()).isEqualTo(viaS3);
      s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("s3/put.txt").destinationBucket(bucket).destinationKey("s3/copy.txt"));
      assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("s3/copy.txt")).asUtf8String()).isEqualTo(viaS3);
      assertThat(silo.awaitBlobs("inline-rest-s3", 0)).as("S3 PutObject and CopyObject of small objects: no blob").isEmpty();

      // replaced, then deleted: no row and no blob left, usage back to the one object
      assertThat(t.put("/v1/objects/s3/put.txt", "shorter", "Content-Type", "text/plain").status()).isEqualTo(200);
      assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("s3/put.txt")).asUtf8String()).isEqualTo("shorter");
      s3.deleteObject(b -> b.bucket(bucket).key("s3/put.txt"));
      s3.deleteObject(b -> b.bucket(bucket).key("s3/copy.txt"));
    }
    JsonNode usage = t.get("/v1/tenant").json().path("usage");
    assertThat(usage.path("bytes").asLong()).isEqualTo(4096);
    assertThat(usage.path("objects").asLong()).isEqualTo(1);
  }

  @Test
  void oneByteOverTheLimitIsABlobAndACopyFollowsItsSize() throws Exception {
    Api t = silo.tenant("inline-boundary");
    String atLimit = text(MAX, 3);
    String over = text(MAX + 1, 4);
    assertThat(t.put("/v1/objects/at-limit.txt", atLimit, "Content-Type", "text/plain").status()).isEqualTo(201);
    assertThat(silo.awaitBlobs("inline-boundary", 0)).isEmpty();
    Api.Resp big = t.put("/v1/objects/over.txt", over, "Content-Type", "text/plain");
    assertThat(big.json().path("sha256").asText()).isEqualTo(hex("SHA-256", over));
    assertThat(silo.awaitBlobs("inline-boundary", 1)).hasSize(1);
    assertThat(t.get("/v1/objects/at-limit.txt").body()).isEqualTo(atLimit);
    assertThat(t.get("/v1/objects/over.txt").body()).isEqualTo(over);

    try (S3Client s3 = s3(t)) {
      String bucket = "inline-boundary";
      s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("over.txt").destinationBucket(bucket).destinationKey("over-copy.txt"));
      s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("at-limit.txt").destinationBucket(bucket).destinationKey("at-limit-copy.txt"));
      assertThat(silo.awaitBlobs("inline-boundary", 1)).as("the big copy shares the source's blob, the small one is a row").hasSize(1);
      assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("at-limit-copy.txt")).asUtf8String()).isEqualTo(atLimit);
    }
    // an inline object replaced by a big one, and a shared blob replaced by a small one (the copy keeps it)
    assertThat(t.put("/v1/objects/at-limit.txt", over, "Content-Type", "text/plain").status()).isEqualTo(200);
    assertThat(t.put("/v1/objects/over.txt", "tiny", "Content-Type", "text/plain").status()).isEqualTo(200);
    assertThat(silo.awaitBlobs("inline-boundary", 2)).hasSize(2);
    assertThat(t.get("/v1/objects/at-limit.txt").body()).isEqualTo(over);
    assertThat(t.get("/v1/objects/over.txt").body()).isEqualTo("tiny");
    assertThat(t.get("/v1/objects/over-copy.txt").body()).as("the copy outlives its source's bytes").isEqualTo(over);
  }

  @Test
  void withSiloInlineMaxZeroEveryObjectIsABlob() throws Exception {
    try (TestSilo off = TestSilo.start(dir.resolve("off"), Map.of("SILO_INLINE_MAX", "0"))) {
      Api t = off.tenant("inline-off");
      assertThat(t.put("/v1/objects/a.txt", "a", "Content-Type", "text/plain").status()).isEqualTo(201);
      assertThat(off.awaitBlobs("inline-off", 1)).hasSize(1);
      assertThat(t.get("/v1/objects/a.txt").body()).isEqualTo("a");
    }
  }

  @Test
  void theSettingIsANumberOfBytesFromZeroToOneMebibyte() throws Exception {
    assertThat(dev.silo.server.Config.load(Map.of(), Map.of()).inlineMax()).isEqualTo(MAX);
    assertThat(dev.silo.server.Config.load(Map.of("SILO_INLINE_MAX", "0"), Map.of()).inlineMax()).isZero();
    assertThat(dev.silo.server.Config.load(Map.of(), Map.of("SILO_INLINE_MAX", "1048576")).inlineMax()).isEqualTo(1 << 20);
    for (String bad : new String[] {"-1", "64k", "1048577"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.silo.server.Config.load(Map.of("SILO_INLINE_MAX", bad), Map.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("SILO_INLINE_MAX must be a number of bytes from 0 (off) to 1048576, not '" + bad + "'");
    }
  }

  // ---------------------------------------------------------------- helpers

  /** ASCII text, so that the client's String bodies are the bytes. */
  static String text(int n, long seed) {
    Random random = new Random(seed);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append((char) ('a' + random.nextInt(26)));
    }
    return b.toString();
  }

  static String hex(String algorithm, String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  static S3Client s3(Api t) {
    JsonNode j = t.post("/v1/s3-credentials", "{\"description\":\"inline\"}").json();
    return S3Client.builder()
        .endpointOverride(URI.create(silo.s3Url()))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(j.get("access_key_id").asText(), j.get("secret_access_key").asText())))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .build();
  }
}
