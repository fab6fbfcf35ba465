package dev.silo.server.s3;

import static dev.silo.server.it.TenantBlobs.indexOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.TestSilo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Encryption at rest through the S3 endpoint: multipart objects whose parts are concatenated as
 * separately encrypted units read back whole and in ranges across part and segment boundaries, the
 * SSE-S3 headers on every answer that carries them, and the bucket-encryption operations.
 */
class EncryptionOverS3Test {
  private static final byte[] MARKER = "S3-ENCRYPTION-PLAINTEXT-MARKER".getBytes(StandardCharsets.US_ASCII);
  private static final int MIB = 1024 * 1024;

  @TempDir static Path dir;
  static TestSilo silo;
  static S3Client s3;
  static String bucket;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("silo"));
    S3Fixture.Credential cred = S3Fixture.tenant(silo, "encs3", null, null);
    s3 = SdkClients.client(silo.s3Url(), cred.accessKeyId(), cred.secret());
    bucket = "encs3";
  }

  @AfterAll
  static void stop() throws Exception {
    if (s3 != null) {
      s3.close();
    }
    if (silo != null) {
      silo.close();
    }
  }

  private static byte[] body(int size, int seed) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = i % 128 < MARKER.length ? MARKER[i % 128] : (byte) ('a' + (i / 128 + seed) % 26);
    }
    return b;
  }

  private static byte[] range(String key, long first, long last) {
    return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=" + first + "-" + last)).asByteArray();
  }

  @Test
  void multipartPartsStayUnitsAndReadAcrossTheirBoundaries() throws Exception {
    byte[][] parts = {body(5 * MIB + 3, 1), body(5 * MIB + 70_001, 2), body(100_000, 3)};
    String key = "multi/object.bin";
    String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    List<CompletedPart> done = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      int n = i + 1;
      String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(upload).partNumber(n), RequestBody.fromBytes(parts[i])).eTag();
      done.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
    }
    var completed = s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload).multipartUpload(m -> m.parts(done)));
    assertThat(completed.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
    assertThat(completed.eTag()).endsWith("-3\"");

    byte[] all = new byte[parts[0].length + parts[1].length + parts[2].length];
    System.arraycopy(parts[0], 0, all, 0, parts[0].length);
    System.arraycopy(parts[1], 0, all, parts[0].length, parts[1].length);
    System.arraycopy(parts[2], 0, all, parts[0].length + parts[1].length, parts[2].length);

    var got = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
    assertThat(got.response().serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
    assertThat(got.response().contentLength()).isEqualTo(all.length);
    assertThat(got.asByteArray()).isEqualTo(all);
    assertThat(s3.headObject(b -> b.bucket(bucket).key(key)).serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);

    long p1 = parts[0].length;
    long p2 = p1 + parts[1].length;
    long[][] ranges = {{p1 - 10, p1 + 10}, {p1, p1}, {p1 - 1, p1 - 1}, {p2 - 70_000, p2 + 70_000}, {0, all.length - 1},
        {65_000, 140_000}, {all.length - 5, all.length - 1}};
    for (long[] r : ranges) {
      assertThat(range(key, r[0], r[1])).as("bytes=%d-%d", r[0], r[1]).isEqualTo(Arrays.copyOfRange(all, (int) r[0], (int) r[1] + 1));
    }
    for (Map.Entry<String, byte[]> blob : silo.rawBlobs("encs3").entrySet()) {
      assertThat(indexOf(blob.getValue(), MARKER)).as("blob %s holds no plain text", blob.getKey()).isEqualTo(-1);
    }
  }

  @Test
  void putAndCopyAnswerTheEncryptionHeader() {
    byte[] data = body(10_000, 4);
    var put = s3.putObject(b -> b.bucket(bucket).key("one.txt"), RequestBody.fromBytes(data));
    assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
    var copy = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("one.txt").destinationBucket(bucket).destinationKey("two.txt"));
    assertThat(copy.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("two.txt")).asByteArray()).isEqualTo(data);
  }

  @Test
  void bucketEncryptionReportsAes256AndRefusesKms() {
    var enc = s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration();
    assertThat(enc.rules()).hasSize(1);
    assertThat(enc.rules().getFirst().applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AES256);
    s3.putBucketEncryption(b -> b.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(r -> r.applyServerSideEncryptionByDefault(
        d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
    try {
      s3.putBucketEncryption(b -> b.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(r -> r.applyServerSideEncryptionByDefault(
          d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID("arn:aws:kms:us-east-1:1:key/x")))));
      throw new AssertionError("aws:kms was accepted");
    } catch (S3Exception e) {
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidEncryptionAlgorithmError");
    }
  }
}
