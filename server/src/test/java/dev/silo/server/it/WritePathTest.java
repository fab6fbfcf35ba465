package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The write path's rules as clients meet them. Limits count the bytes in flight: on every upload
 * path, 20 writers racing for the same quota together never get more than it accepted, and bytes
 * held by unfinished uploads
 * (S3 parts, TUS announced lengths and chunks, presigned announced sizes) are reserved the moment
 * they are accepted, shown as {@code pending_bytes}, and released on publication or abort.
 */
class WritePathTest {
  private static final int WRITERS = 20;
  private static final int KB = 1000;

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

  // ---------------------------------------------------------------- 20 writers per path

  @Test
  void twentyRestPutsNeverTogetherPassMaxBytes() throws Exception {
    Api t = silo.tenant("race-rest", "{\"max_bytes\": " + 100 * KB + "}");
    List<Integer> statuses = race(i -> t.put("/v1/objects/r" + i + ".bin", new byte[20 * KB]).status());
    assertThat(statuses).allMatch(s -> s == 201 || s == 413);
    long accepted = statuses.stream().filter(s -> s == 201).count();
    assertThat(accepted).isBetween(1L, 5L);
    JsonNode usage = usage(t);
    assertThat(usage.path("bytes").asLong()).isEqualTo(accepted * 20 * KB).isLessThanOrEqualTo(100 * KB);
    assertThat(usage.path("objects").asLong()).isEqualTo(accepted);
    assertThat(usage.path("pending_bytes").asLong()).isZero();
  }

  @Test
  void twentyPresignedUploadsWith24KbLeftHoldAtMostOne() throws Exception {
    Api t = silo.tenant("race-presigned", "{\"max_bytes\": " + 24 * KB + "}");
    List<Integer> statuses = race(i -> presign(t, "p" + i + ".bin", 20 * KB).status());
    assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
    assertThat(statuses).allMatch(s -> s == 201 || s == 413);
    assertThat(usage(t).path("pending_bytes").asLong()).isEqualTo(20 * KB);
  }

  @Test
  void twentyTusUploadsWith24KbLeftHoldAtMostOne() throws Exception {
    Api t = silo.tenant("race-tus", "{\"max_bytes\": " + 24 * KB + "}");
    List<Integer> statuses = race(i -> tusCreate(t, 20 * KB, "t" + i + ".bin").status());
    assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
    assertThat(statuses).allMatch(s -> s == 201 || s == 413);
    assertThat(usage(t).path("pending_bytes").asLong()).isEqualTo(20 * KB);
  }

  /**
   * TUS concatenation: twenty partial uploads of 20 KB at once with 100 KB left hold five places;
   * three are given up, and a final upload joins the other two while twenty REST PUTs of 20 KB race
   * it: the whole's room is never counted twice nor freed for them.
   */
  @Test
  void partialUploadsAndTheirFinalUploadHoldTheirRoomAgainstRacingWriters() throws Exception {
    Api t = silo.tenant("race-tus-concat", "{\"max_bytes\": " + 100 * KB + "}");
    java.util.Queue<String> made = new java.util.concurrent.ConcurrentLinkedQueue<>();
    List<Integer> creations = race(i -> {
      Api.Resp r = t.send("POST", "/v1/tus/", HttpRequest.BodyPublishers.ofByteArray(new byte[20 * KB]),
          "Tus-Resumable", "1.0.0", "Upload-Length", Integer.toString(20 * KB), "Upload-Concat", "partial",
          "Content-Type", "application/offset+octet-stream");
      r.header("Location").filter(l -> r.status() == 201).ifPresent(made::add);
      return r.status();
    });
    List<String> partials = List.copyOf(made);
    assertThat(creations).allMatch(s -> s == 201 || s == 413);
    assertThat(partials).as("five of 20 KB fill 100 KB").hasSize(5);
    assertThat(usage(t).path("pending_bytes").asLong()).isEqualTo(100L * KB);
    for (String given : partials.subList(2, 5)) {
      assertThat(t.send("DELETE", given, HttpRequest.BodyPublishers.noBody(), "Tus-Resumable", "1.0.0").status()).isEqualTo(204);
    }
    List<Integer> statuses = race(WRITERS + 1, i -> i == WRITERS
        ? t.send("POST", "/v1/tus/", HttpRequest.BodyPublishers.noBody(), "Tus-Resumable", "1.0.0",
            "Upload-Concat", "final;" + partials.get(0) + " " + partials.get(1), "Upload-Metadata", meta("key", "joined.bin")).status()
        : t.put("/v1/objects/racer" + i + ".bin", new byte[20 * KB]).status());
    assertThat(statuses.getLast()).as("the final upload").isEqualTo(201);
    assertThat(statuses.subList(0, WRITERS).stream().filter(s -> s == 201).count())
        .as("the 60 KB the three partial uploads given up left, and no more").isEqualTo(3);
    var usage = usage(t);
    assertThat(usage.path("bytes").asLong()).isEqualTo(100L * KB);
    assertThat(usage.path("pending_bytes").asLong()).isZero();
  }

  /** The attack of the issue: 20 TUS and 20 presigned uploads of 20 KB, all at once, 24 KB left. */
  @Test
  void twentyTusAndTwentyPresignedUploadsTogetherGetOnePlace() throws Exception {
    Api t = silo.tenant("race-mixed", "{\"max_bytes\": " + 24 * KB + "}");
    List<Integer> statuses =
        race(2 * WRITERS, i -> i % 2 == 0 ? presign(t, "m" + i + ".bin", 20 * KB).status() : tusCreate(t, 20 * KB, "m" + i).status());
    assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
    assertThat(usage(t).path("pending_bytes").asLong()).isEqualTo(20 * KB);
  }

  @Test
  void twentyDeferredLengthTusChunksAreHeldAsTheyArrive() throws Exception {
    Api t = silo.tenant("race-tus-chunks", "{\"max_bytes\": " + 100 * KB + "}");
    List<String> uploads = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      Api.Resp created = t.send("POST", "/v1/tus/", HttpRequest.BodyPublishers.noBody(),
          "Tus-Resumable", "1.0.0", "Upload-Defer-Length", "1", "Upload-Metadata", meta("filename", "d" + i));
      assertThat(created.status()).isEqualTo(201);
      uploads.add(created.header("Location").orElseThrow());
    }
    List<Integer> statuses = race(i -> t.send("PATCH", uploads.get(i), HttpRequest.BodyPublishers.ofByteArray(new byte[20 * KB]),
        "Tus-Resumable", "1.0.0", "Upload-Offset", "0", "Content-Type", "application/offset+octet-stream").status());
    long accepted = statuses.stream().filter(s -> s == 204).count();
    assertThat(accepted).isBetween(1L, 5L);
    assertThat(statuses).allMatch(s -> s == 204 || s == 413);
    assertThat(usage(t).path("pending_bytes").asLong()).isEqualTo(accepted * 20 * KB).isLessThanOrEqualTo(100 * KB);
  }

  @Test
  void twentyS3PartsNeverTogetherPassMaxBytes() throws Exception {
    Api t = silo.tenant("race-s3", "{\"max_bytes\": " + 1024 * 1024 + "}");
    try (S3Client s3 = s3(t)) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        ids.add(s3.createMultipartUpload(b -> b.bucket("race-s3").key("k" + ids.size())).uploadId());
      }
      List<Integer> statuses = race(i -> {
        try {
          s3.uploadPart(b -> b.bucket("race-s3").key("k" + i).uploadId(ids.get(i)).partNumber(1),
              RequestBody.fromBytes(new byte[100 * KB]));
          return 200;
        } catch (S3Exception e) {
          return e.statusCode();
        }
      });
      long accepted = statuses.stream().filter(s -> s == 200).count();
      assertThat(accepted).isBetween(1L, 10L);
      assertThat(usage(t).path("pending_bytes").asLong()).isEqualTo(accepted * 100 * KB).isLessThanOrEqualTo(1024 * 1024);
      for (int i = 0; i < WRITERS; i++) {
        int n = i;
        s3.abortMultipartUpload(b -> b.bucket("race-s3").key("k" + n).uploadId(ids.get(n)));
      }
      assertThat(usage(t).path("pending_bytes").asLong()).as("aborts release what the parts held").isZero();
    }
  }

  /**
   * Copies share their source's bytes, and still count as the writes they are: twenty copies over
   * REST and twenty over S3 at once, of a 20 KB object with 100 KB allowed, hold four copies at
   * most between them.
   */
  @Test
  void fortyCopiesOverRestAndS3NeverTogetherPassMaxBytes() throws Exception {
    Api t = silo.tenant("race-copy", "{\"max_bytes\": " + 100 * KB + "}");
    assertThat(t.put("/v1/objects/source.bin", new byte[20 * KB]).status()).isEqualTo(201);
    try (S3Client s3 = s3(t)) {
      List<Integer> statuses = race(2 * WRITERS, i -> i % 2 == 0
          ? t.post("/v1/copy", "{\"key\":\"source.bin\",\"to_key\":\"c" + i + ".bin\"}").status()
          : s3Status(() -> s3.copyObject(b -> b.sourceBucket("race-copy").sourceKey("source.bin")
              .destinationBucket("race-copy").destinationKey("c" + i + ".bin"))));
      assertThat(statuses).allMatch(s -> s == 201 || s == 200 || s == 413 || s == 400);
      long accepted = statuses.stream().filter(s -> s == 201 || s == 200).count();
      assertThat(accepted).isBetween(1L, 4L);
      assertThat(usage(t).path("bytes").asLong()).isEqualTo((accepted + 1) * 20 * KB).isLessThanOrEqualTo(100 * KB);
      assertThat(usage(t).path("objects").asLong()).isEqualTo(accepted + 1);
    }
  }

  // ---------------------------------------------------------------- the attack cases

  /**
   * The attack of the issue: a tenant with max_bytes 1 MiB kept 35 MB in unfinished multipart
   * uploads. Parts and UploadPartCopy beyond the quota are refused now, and what was accepted is
   * reserved until the upload completes (usage) or is aborted (released).
   */
  @Test
  void unfinishedMultipartPartsBeyondMaxBytesAreRefused() throws Exception {
    int mib = 1024 * 1024;
    Api t = silo.tenant("mpu-quota", "{\"max_bytes\": " + mib + "}");
    assertThat(t.put("/v1/objects/source.bin", new byte[1000 * 1024]).status()).isEqualTo(201);
    try (S3Client s3 = s3(t)) {
      String id = s3.createMultipartUpload(b -> b.bucket("mpu-quota").key("big")).uploadId();
      for (int part = 1; part <= 3; part++) {
        int n = part;
        assertThat(s3Status(() -> s3.uploadPart(b -> b.bucket("mpu-quota").key("big").uploadId(id).partNumber(n),
            RequestBody.fromBytes(new byte[8 * mib]))))
            .as("an 8 MiB part with a 1 MiB quota").isEqualTo(400);
      }
      assertThat(s3Status(() -> s3.uploadPartCopy(b -> b.sourceBucket("mpu-quota").sourceKey("source.bin")
          .destinationBucket("mpu-quota").destinationKey("big").uploadId(id).partNumber(4))))
          .as("copying the 1000 KiB object into a part would hold it twice").isEqualTo(400);
      assertThat(s3.uploadPart(b -> b.bucket("mpu-quota").key("big").uploadId(id).partNumber(5),
          RequestBody.fromBytes(new byte[20 * 1024])).eTag()).as("what still fits is taken").isNotEmpty();
      JsonNode usage = usage(t);
      assertThat(usage.path("pending_bytes").asLong()).isEqualTo(20 * 1024);
      assertThat(usage.path("bytes").asLong() + usage.path("pending_bytes").asLong()).isLessThanOrEqualTo(mib);
      assertThat(s3.listParts(b -> b.bucket("mpu-quota").key("big").uploadId(id)).parts()).hasSize(1);
      s3.completeMultipartUpload(b -> b.bucket("mpu-quota").key("big").uploadId(id).multipartUpload(m -> m.parts(
          p -> p.partNumber(5).eTag(s3.listParts(l -> l.bucket("mpu-quota").key("big").uploadId(id)).parts().getFirst().eTag()))));
      usage = usage(t);
      assertThat(usage.path("pending_bytes").asLong()).as("published: the reservation became usage").isZero();
      assertThat(usage.path("bytes").asLong()).isEqualTo(1000 * 1024 + 20 * 1024);
    }
  }

  @Test
  void aPublishedPresignedUploadTurnsItsReservationIntoUsage() {
    Api t = silo.tenant("presign-publish", "{\"max_bytes\": " + 24 * KB + "}");
    JsonNode ticket = presign(t, "one.bin", 20 * KB).json();
    assertThat(presign(t, "two.bin", 20 * KB).status()).as("the first holds its 20 KB").isEqualTo(413);
    assertThat(silo.anonymous().put(ticket.path("upload_url").asText(), new byte[20 * KB], "Content-Type", "application/octet-stream")
        .status()).isEqualTo(200);
    assertThat(t.post("/v1/uploads/" + ticket.path("object_id").asText() + "/complete", "").status()).isEqualTo(200);
    JsonNode usage = usage(t);
    assertThat(usage.path("bytes").asLong()).isEqualTo(20 * KB);
    assertThat(usage.path("pending_bytes").asLong()).isZero();
    assertThat(presign(t, "three.bin", 5 * KB).status()).as("4 KB are left").isEqualTo(413);
    assertThat(presign(t, "four.bin", 4 * KB).status()).isEqualTo(201);
  }

  // ---------------------------------------------------------------- assembly

  /**
   * CompleteMultipartUpload composes the part blobs on the filesystem: the object reads back
   * byte for byte, and its checksums come from what the parts recorded (S3's multipart ETag, a
   * composite SHA-256 of the parts'), not from reading it again.
   */
  @Test
  void aCompletedMultipartObjectIsThePartsInOrderWithChecksumsFromTheParts() throws Exception {
    Api t = silo.tenant("compose");
    byte[] first = new byte[5 * 1024 * 1024];
    new java.util.Random(7).nextBytes(first);
    byte[] second = "the short last part".getBytes(StandardCharsets.UTF_8);
    try (S3Client s3 = s3(t)) {
      String id = s3.createMultipartUpload(b -> b.bucket("compose").key("joined.bin")).uploadId();
      String e2 = s3.uploadPart(b -> b.bucket("compose").key("joined.bin").uploadId(id).partNumber(2), RequestBody.fromBytes(second)).eTag();
      String e1 = s3.uploadPart(b -> b.bucket("compose").key("joined.bin").uploadId(id).partNumber(1), RequestBody.fromBytes(first)).eTag();
      String etag = s3.completeMultipartUpload(b -> b.bucket("compose").key("joined.bin").uploadId(id)
          .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(e1), p -> p.partNumber(2).eTag(e2)))).eTag();
      assertThat(etag).endsWith("-2\"");
      byte[] all = new byte[first.length + second.length];
      System.arraycopy(first, 0, all, 0, first.length);
      System.arraycopy(second, 0, all, first.length, second.length);
      assertThat(s3.getObjectAsBytes(b -> b.bucket("compose").key("joined.bin")).asByteArray()).isEqualTo(all);
      assertThat(s3.headObject(b -> b.bucket("compose").key("joined.bin")).eTag()).isEqualTo(etag);
    }
    JsonNode info = t.get("/v1/info/joined.bin").json();
    assertThat(info.path("size").asLong()).isEqualTo(5L * 1024 * 1024 + 19);
    assertThat(info.path("sha256").asText()).matches("[0-9a-f]{64}-2");
  }

  // ---------------------------------------------------------------- content types

  @Test
  void aContentTypeOutsideTheAllowListCannotBeClaimedByTusOrAnS3Download() throws Exception {
    Api t = silo.tenant("claims", "{\"allowed_content_types\": [\"image/*\"]}");
    Api.Resp tus = t.send("POST", "/v1/tus/", HttpRequest.BodyPublishers.noBody(), "Tus-Resumable", "1.0.0",
        "Upload-Length", "5", "Upload-Metadata", meta("filename", "x.html", "filetype", "text/html"));
    assertThat(tus.status()).isEqualTo(415);
    assertThat(t.put("/v1/objects/a.png", new byte[] {1, 2, 3}, "Content-Type", "image/png").status()).isEqualTo(201);
    try (S3Client s3 = s3(t)) {
      assertThat(s3Status(() -> s3.getObjectAsBytes(b -> b.bucket("claims").key("a.png").responseContentType("text/html"))))
          .isEqualTo(400);
      assertThat(s3.getObjectAsBytes(b -> b.bucket("claims").key("a.png").responseContentType("image/gif")).response().contentType())
          .isEqualTo("image/gif");
    }
  }

  // ---------------------------------------------------------------- deleting a bucket

  @Test
  void deletingABucketOverS3AbortsItsUnfinishedUploadsAndNothingComesBack() throws Exception {
    Api t = silo.tenant("delete-s3", "{\"max_buckets\": 3}");
    try (S3Client s3 = s3(t)) {
      s3.createBucket(b -> b.bucket("scratch"));
      String id = s3.createMultipartUpload(b -> b.bucket("scratch").key("unfinished")).uploadId();
      s3.uploadPart(b -> b.bucket("scratch").key("unfinished").uploadId(id).partNumber(1), RequestBody.fromBytes(new byte[64 * KB]));
      assertThat(usage(t).path("pending_bytes").asLong()).isEqualTo(64 * KB);
      s3.deleteBucket(b -> b.bucket("scratch"));
      assertThat(usage(t).path("pending_bytes").asLong()).isZero();
      s3.createBucket(b -> b.bucket("scratch"));
      assertThat(s3.listMultipartUploads(b -> b.bucket("scratch")).uploads()).isEmpty();
      assertThat(s3Status(() -> s3.listParts(b -> b.bucket("scratch").key("unfinished").uploadId(id)))).isEqualTo(404);
    }
    assertThat(silo.awaitBlobs("delete-s3", 0)).as("the part's bytes are deleted").isEmpty();
  }

  @Test
  void deletingABucketOverRestAbortsItsTusAndPresignedUploads() throws Exception {
    Api t = silo.tenant("delete-rest", "{\"max_buckets\": 3}");
    assertThat(t.post("/v1/buckets", "{\"name\":\"scratch\"}").status()).isEqualTo(201);
    Api.Resp tus = t.send("POST", "/v1/tus/", HttpRequest.BodyPublishers.noBody(), "Tus-Resumable", "1.0.0",
        "Upload-Length", Integer.toString(50 * KB), "Upload-Metadata", meta("filename", "f", "bucket", "scratch", "key", "tus.bin"));
    assertThat(tus.status()).isEqualTo(201);
    String loc = tus.header("Location").orElseThrow();
    assertThat(t.send("PATCH", loc, HttpRequest.BodyPublishers.ofByteArray(new byte[10 * KB]), "Tus-Resumable", "1.0.0",
        "Upload-Offset", "0", "Content-Type", "application/offset+octet-stream").status()).isEqualTo(204);
    Api.Resp presigned = t.post("/v1/uploads", "{\"filename\":\"p.bin\",\"bucket\":\"scratch\",\"size\":" + 30 * KB + "}");
    assertThat(presigned.status()).isEqualTo(201);
    assertThat(usage(t).path("pending_bytes").asLong()).isEqualTo(80 * KB);

    assertThat(t.delete("/v1/buckets/scratch").status()).isEqualTo(204);
    assertThat(usage(t).path("pending_bytes").asLong()).isZero();
    assertThat(t.post("/v1/buckets", "{\"name\":\"scratch\"}").status()).isEqualTo(201);
    assertThat(t.send("HEAD", loc, HttpRequest.BodyPublishers.noBody(), "Tus-Resumable", "1.0.0").status()).isEqualTo(404);
    assertThat(t.get("/v1/objects?bucket=scratch").json().path("items")).isEmpty();
    assertThat(silo.awaitBlobs("delete-rest", 0)).as("the chunk's bytes are deleted").isEmpty();
  }

  // ---------------------------------------------------------------- helpers

  @FunctionalInterface
  interface Writer {
    int write(int i) throws Exception;
  }

  static List<Integer> race(Writer writer) throws Exception {
    return race(WRITERS, writer);
  }

  /** Runs {@code n} writers released at once; returns their statuses. */
  static List<Integer> race(int n, Writer writer) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        Callable<Integer> call = () -> {
          go.await();
          return writer.write(k);
        };
        futures.add(pool.submit(call));
      }
      go.countDown();
      List<Integer> out = new ArrayList<>();
      for (Future<Integer> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  static JsonNode usage(Api t) {
    return t.get("/v1/tenant").json().path("usage");
  }

  static Api.Resp presign(Api t, String filename, int size) {
    return t.post("/v1/uploads", "{\"filename\":\"" + filename + "\",\"content_type\":\"application/octet-stream\",\"size\":" + size + "}");
  }

  static Api.Resp tusCreate(Api t, int length, String filename) {
    return t.send("POST", "/v1/tus/", HttpRequest.BodyPublishers.noBody(),
        "Tus-Resumable", "1.0.0", "Upload-Length", Integer.toString(length), "Upload-Metadata", meta("filename", filename));
  }

  static String meta(String... kv) {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      pairs.add(kv[i] + " " + Base64.getEncoder().encodeToString(kv[i + 1].getBytes(StandardCharsets.UTF_8)));
    }
    return String.join(",", pairs);
  }

  static int s3Status(Runnable call) {
    try {
      call.run();
      return 200;
    } catch (S3Exception e) {
      return e.statusCode();
    }
  }

  /** An S3 client with a new credential of the tenant; its default bucket is named after it. */
  static S3Client s3(Api t) {
    return s3(silo, t);
  }

  /** An SDK client of a fresh S3 credential of {@code t}, without retries. */
  static S3Client s3(TestSilo silo, Api t) {
    JsonNode j = t.post("/v1/s3-credentials", "{\"description\":\"race\"}").json();
    return S3Client.builder()
        .endpointOverride(URI.create(silo.s3Url()))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(j.get("access_key_id").asText(), j.get("secret_access_key").asText())))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
        .build();
  }
}
