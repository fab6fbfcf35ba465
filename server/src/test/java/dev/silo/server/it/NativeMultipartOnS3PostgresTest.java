package dev.silo.server.it;

import static dev.silo.server.s3.S3ConformanceTest.concat;
import static dev.silo.server.s3.S3ConformanceTest.random;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * S3 multipart uploads on the S3 store are native (PostgreSQL + S3Proxy): each Silo part is a part
 * of one backend multipart upload, and CompleteMultipartUpload is the backend's, so Complete reads
 * no part again. The backend's view proves it: while the upload is open there is one unfinished
 * backend upload and no blob; the object is the backend's multipart object of exactly the parts
 * chosen (its ETag counts them, where a re-put would count the store's 8 MiB parts); abort, expiry
 * and bucket deletion leave no backend upload behind. Encryption at rest is on (the default): each
 * part is sealed as a unit of its own on its way into the backend's part.
 */
@ExtendWith({OnPostgres.class, OnS3.SharedPrefix.class})
class NativeMultipartOnS3PostgresTest {
  private static final int MiB = 1024 * 1024;

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
  void partsGoToOneBackendUploadAndCompleteIsTheBackendsWithTheChosenParts() throws Exception {
    Api t = silo.tenant("native-mpu", "{\"max_buckets\": 5}");
    byte[] p1 = random(5 * MiB, 1);
    byte[] p2 = random(5 * MiB, 2);
    byte[] p3 = random(5 * MiB, 3);
    byte[] p4 = random(1000, 4);
    try (S3Client s3 = WritePathTest.s3(silo, t)) {
      s3.createBucket(b -> b.bucket("native"));
      String id = s3.createMultipartUpload(b -> b.bucket("native").key("joined.bin")).uploadId();
      String e1 = part(s3, "native", "joined.bin", id, 1, p1);
      part(s3, "native", "joined.bin", id, 2, random(5 * MiB, 9)); // replaced below
      String e2 = part(s3, "native", "joined.bin", id, 2, p2);
      part(s3, "native", "joined.bin", id, 3, p3); // not chosen
      String e4 = part(s3, "native", "joined.bin", id, 4, p4);

      TenantBlobs.S3View open = silo.s3View("native-mpu");
      assertThat(open.unfinished()).as("one backend multipart upload holds the parts").hasSize(1);
      assertThat(open.objects()).as("no part is a blob of its own").isEmpty();

      String etag = s3.completeMultipartUpload(b -> b.bucket("native").key("joined.bin").uploadId(id)
          .multipartUpload(m -> m.parts(done(1, e1), done(2, e2), done(4, e4)))).eTag();

      byte[] expected = concat(p1, p2, p4);
      assertThat(s3.getObjectAsBytes(b -> b.bucket("native").key("joined.bin")).asByteArray())
          .as("parts 1, 2 (its second upload) and 4: part 3 was left out").isEqualTo(expected);
      assertThat(etag).isEqualTo("\"" + multipartEtag(p1, p2, p4) + "\"");
      TenantBlobs.S3View done = silo.s3View("native-mpu");
      assertThat(done.unfinished()).as("completed, nothing left on the backend").isEmpty();
      assertThat(done.objects()).hasSize(1);
      assertThat(TenantBlobs.sealedSize(done.objects().getFirst().size(), expected.length, 3))
          .as("the parts' sealed units, %d bytes in the backend for %d", done.objects().getFirst().size(), expected.length).isTrue();
      assertThat(done.objects().getFirst().eTag())
          .as("the backend completed a multipart upload of the 3 chosen parts (a put would be of 8 MiB parts: -2)")
          .endsWith("-3\"");
      assertThat(t.get("/v1/info/joined.bin?bucket=native").json().path("sha256").asText())
          .as("the composite checksum of the parts, recorded as they arrived")
          .isEqualTo(compositeSha256(p1, p2, p4));
      assertThat(t.get("/v1/tenant").json().path("usage").path("pending_bytes").asLong()).isZero();
    }
  }

  @Test
  void uploadPartCopyOfAWholeObjectIsTheBackendsCopyAndARangeStreams() throws Exception {
    Api t = silo.tenant("native-copy", "{\"max_buckets\": 5}");
    byte[] source = random(5 * MiB + 7, 5);
    try (S3Client s3 = WritePathTest.s3(silo, t)) {
      String bucket = "copy";
      s3.createBucket(b -> b.bucket(bucket));
      s3.putObject(b -> b.bucket(bucket).key("src/source.bin"), RequestBody.fromBytes(source));
      String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("copied.bin")).uploadId();
      String e1 = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("src/source.bin")
          .destinationBucket(bucket).destinationKey("copied.bin").uploadId(id).partNumber(1)).copyPartResult().eTag();
      String e2 = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("src/source.bin").copySourceRange("bytes=10-99")
          .destinationBucket(bucket).destinationKey("copied.bin").uploadId(id).partNumber(2)).copyPartResult().eTag();
      assertThat(silo.s3View("native-copy").objects()).as("only the source: no part blob").hasSize(1);
      s3.completeMultipartUpload(b -> b.bucket(bucket).key("copied.bin").uploadId(id)
          .multipartUpload(m -> m.parts(done(1, e1), done(2, e2))));
      assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("copied.bin")).asByteArray())
          .isEqualTo(concat(source, Arrays.copyOfRange(source, 10, 100)));
      assertThat(t.get("/v1/info/copied.bin?bucket=" + bucket).json().path("sha256").asText())
          .isEqualTo(compositeSha256(source, Arrays.copyOfRange(source, 10, 100)));
      assertThat(silo.s3View("native-copy").unfinished()).isEmpty();
    }
  }

  @Test
  void abortAndBucketDeletionLeaveNoBackendUpload() throws Exception {
    Api t = silo.tenant("native-abort", "{\"max_buckets\": 5}");
    try (S3Client s3 = WritePathTest.s3(silo, t)) {
      s3.createBucket(b -> b.bucket("aborted"));
      String id = s3.createMultipartUpload(b -> b.bucket("aborted").key("a.bin")).uploadId();
      part(s3, "aborted", "a.bin", id, 1, random(MiB, 6));
      String other = s3.createMultipartUpload(b -> b.bucket("aborted").key("b.bin")).uploadId();
      s3.uploadPart(b -> b.bucket("aborted").key("b.bin").uploadId(other).partNumber(1), RequestBody.fromBytes(random(MiB, 7)));
      assertThat(silo.s3View("native-abort").unfinished()).hasSize(2);

      s3.abortMultipartUpload(b -> b.bucket("aborted").key("a.bin").uploadId(id));
      assertThat(silo.s3View("native-abort").unfinished()).as("abort aborts the backend upload").hasSize(1);

      s3.deleteBucket(b -> b.bucket("aborted"));
      TenantBlobs.S3View after = silo.s3View("native-abort");
      assertThat(after.unfinished()).as("deleting the bucket aborts its uploads on the backend").isEmpty();
      assertThat(after.objects()).isEmpty();
      assertThat(t.get("/v1/tenant").json().path("usage").path("pending_bytes").asLong()).isZero();
    }
  }

  @Test
  void anExpiredUploadHasItsBackendUploadAbortedByTheSweeper() throws Exception {
    try (TestSilo expiring =
        TestSilo.start(dir.resolve("expiring"), Map.of("SILO_MULTIPART_TTL", "1s", "SILO_SWEEP_INTERVAL", "1s"))) {
      Api t = expiring.tenant("native-expire", "{\"max_buckets\": 5}");
      try (S3Client s3 = WritePathTest.s3(expiring, t)) {
        s3.createBucket(b -> b.bucket("expiring"));
        String id = s3.createMultipartUpload(b -> b.bucket("expiring").key("e.bin")).uploadId();
        s3.uploadPart(b -> b.bucket("expiring").key("e.bin").uploadId(id).partNumber(1), RequestBody.fromBytes(random(MiB, 8)));
        assertThat(expiring.s3View("native-expire").unfinished()).hasSize(1);
        List<?> left = expiring.s3View("native-expire").unfinished();
        for (int i = 0; i < 100 && !left.isEmpty(); i++) {
          Thread.sleep(100); // the sweeper runs on its own schedule, in its own thread
          left = expiring.s3View("native-expire").unfinished();
        }
        assertThat(left).as("the sweeper aborted the backend upload").isEmpty();
        assertThat(t.get("/v1/tenant").json().path("usage").path("pending_bytes").asLong()).isZero();
      }
    }
  }

  /** A part with its Content-MD5, as boto3 sends it: the declared digest is checked as the part is sealed. */
  private static String part(S3Client s3, String bucket, String key, String id, int number, byte[] data) throws Exception {
    String md5 = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5").digest(data));
    return s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(number).contentMD5(md5), RequestBody.fromBytes(data)).eTag();
  }

  private static CompletedPart done(int number, String etag) {
    return CompletedPart.builder().partNumber(number).eTag(etag).build();
  }

  private static String multipartEtag(byte[]... parts) throws Exception {
    return digestOfDigests("MD5", parts);
  }

  private static String compositeSha256(byte[]... parts) throws Exception {
    return digestOfDigests("SHA-256", parts);
  }

  private static String digestOfDigests(String algorithm, byte[]... parts) throws Exception {
    MessageDigest outer = MessageDigest.getInstance(algorithm);
    for (byte[] p : parts) {
      outer.update(MessageDigest.getInstance(algorithm).digest(p));
    }
    return HexFormat.of().formatHex(outer.digest()) + "-" + parts.length;
  }
}
