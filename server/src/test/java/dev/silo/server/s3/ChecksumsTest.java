package dev.silo.server.s3;

import static dev.silo.server.s3.S3Fixture.cmd;
import static dev.silo.server.s3.S3Fixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.server.it.TestSilo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The additional checksums S3 clients send with uploads ({@code x-amz-checksum-*}), in a header or
 * in the aws-chunked trailer: checked as the body streams, a mismatch answered {@code 400
 * BadDigest} with nothing stored, a match answered with the value, as S3 does. The AWS SDK sends
 * one of its own accord with every upload; curl sends the trailer form by hand.
 */
class ChecksumsTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static S3Fixture.Credential cred;
  static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("silo"));
    cred = S3Fixture.tenant(silo, "sums", null, null);
    s3 = SdkClients.client(silo.s3Url(), cred.accessKeyId(), cred.secret());
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
    silo.close();
  }

  private static byte[] random(int size, int seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String crc32(byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static int status(Runnable call) {
    try {
      call.run();
      return 200;
    } catch (S3Exception e) {
      assertThat(e.awsErrorDetails().errorCode()).isIn("BadDigest", "InvalidRequest");
      return e.statusCode();
    }
  }

  private boolean exists(String key) {
    try {
      s3.headObject(b -> b.bucket("sums").key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }

  @Test
  void everyAlgorithmTheSdkSendsIsCheckedAndAnswered() {
    byte[] data = random(300_000, 1);
    // CRC64NVME needs the SDK's native CRT library: curl sends it below
    for (ChecksumAlgorithm a : List.of(ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32_C, ChecksumAlgorithm.SHA1, ChecksumAlgorithm.SHA256)) {
      PutObjectResponse r = s3.putObject(b -> b.bucket("sums").key("each/" + a).checksumAlgorithm(a), RequestBody.fromBytes(data));
      String answered = switch (a) {
        case CRC32 -> r.checksumCRC32();
        case CRC32_C -> r.checksumCRC32C();
        case SHA1 -> r.checksumSHA1();
        default -> r.checksumSHA256();
      };
      assertThat(answered).as(a + " answered").isNotBlank();
      assertThat(s3.getObjectAsBytes(b -> b.bucket("sums").key("each/" + a)).asByteArray()).isEqualTo(data);
    }
    PutObjectResponse crc = s3.putObject(b -> b.bucket("sums").key("crc32").checksumAlgorithm(ChecksumAlgorithm.CRC32),
        RequestBody.fromBytes(data));
    assertThat(crc.checksumCRC32()).isEqualTo(crc32(data));
  }

  @Test
  void aWrongChecksumInAHeaderStoresNothing() {
    byte[] data = random(100_000, 2);
    String wrong = crc32("other".getBytes(StandardCharsets.UTF_8));

    assertThat(status(() -> s3.putObject(b -> b.bucket("sums").key("wrong.bin").checksumCRC32(wrong), RequestBody.fromBytes(data))))
        .isEqualTo(400);
    assertThat(status(() -> s3.putObject(b -> b.bucket("sums").key("small.bin").checksumCRC32(wrong), RequestBody.fromBytes(new byte[10]))))
        .as("a body small enough to be kept with its row").isEqualTo(400);
    assertThat(status(() -> s3.putObject(b -> b.bucket("sums").key("short.bin").checksumCRC32("AAAA"), RequestBody.fromBytes(data))))
        .as("not four bytes").isEqualTo(400);

    assertThat(exists("wrong.bin")).isFalse();
    assertThat(exists("small.bin")).isFalse();
    assertThat(exists("short.bin")).isFalse();
    assertThat(status(() -> s3.putObject(b -> b.bucket("sums").key("right.bin").checksumCRC32(crc32(data)), RequestBody.fromBytes(data))))
        .isEqualTo(200);
  }

  @Test
  void partsAreCheckedToo() {
    byte[] part1 = random(5 * 1024 * 1024, 3);
    byte[] part2 = random(1000, 4);
    String upload = s3.createMultipartUpload(b -> b.bucket("sums").key("parts.bin").checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
    var r1 = s3.uploadPart(b -> b.bucket("sums").key("parts.bin").uploadId(upload).partNumber(1).checksumAlgorithm(ChecksumAlgorithm.CRC32),
        RequestBody.fromBytes(part1));
    assertThat(r1.checksumCRC32()).isEqualTo(crc32(part1));
    assertThat(status(() -> s3.uploadPart(b -> b.bucket("sums").key("parts.bin").uploadId(upload).partNumber(2)
        .checksumCRC32(crc32(part1)), RequestBody.fromBytes(part2)))).isEqualTo(400);
    var r2 = s3.uploadPart(b -> b.bucket("sums").key("parts.bin").uploadId(upload).partNumber(2).checksumAlgorithm(ChecksumAlgorithm.CRC32),
        RequestBody.fromBytes(part2));

    s3.completeMultipartUpload(b -> b.bucket("sums").key("parts.bin").uploadId(upload).multipartUpload(m -> m.parts(
        CompletedPart.builder().partNumber(1).eTag(r1.eTag()).checksumCRC32(r1.checksumCRC32()).build(),
        CompletedPart.builder().partNumber(2).eTag(r2.eTag()).checksumCRC32(r2.checksumCRC32()).build())));
    assertThat(s3.headObject(b -> b.bucket("sums").key("parts.bin")).contentLength()).isEqualTo(part1.length + part2.length);
  }

  @Test
  void theTrailerFormAndCrc64NvmeAreCheckedAsCurlSendsThem() throws Exception {
    String curl = S3Fixture.binary("curl", "/usr/bin/curl");
    Path body = dir.resolve("chunked.txt");
    List<String> base = cmd(curl, "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT",
        "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", cred.accessKeyId() + ":" + cred.secret(),
        "-H", "x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER", "-H", "Content-Encoding: aws-chunked",
        "-H", "x-amz-decoded-content-length: 11", "-H", "x-amz-trailer: x-amz-checksum-crc32", "--data-binary", "@" + body);

    String right = crc32("hello world".getBytes(StandardCharsets.US_ASCII));
    Files.writeString(body, "5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:" + right + "\r\n\r\n");
    assertThat(run(dir, Map.of(), with(base, silo.s3Url() + "/sums/trailer-right.txt")).ok().out()).isEqualTo("200");

    Files.writeString(body, "5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:" + crc32(new byte[1]) + "\r\n\r\n");
    assertThat(run(dir, Map.of(), with(base, silo.s3Url() + "/sums/trailer-wrong.txt")).ok().out()).isEqualTo("400");
    Files.writeString(body, "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
    assertThat(run(dir, Map.of(), with(base, silo.s3Url() + "/sums/trailer-missing.txt")).ok().out()).isEqualTo("400");

    // a header, CRC-64/NVME: the catalogue's check value, the digest of "123456789"
    List<String> plain = cmd(curl, "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT",
        "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", cred.accessKeyId() + ":" + cred.secret(),
        "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD", "--data-binary", "123456789");
    String check = Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex("ae8b14860a799888"));
    String other = Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex("ae8b14860a799889"));
    assertThat(run(dir, Map.of(), with(plain, "-H", "x-amz-checksum-crc64nvme: " + check, silo.s3Url() + "/sums/nvme-right.txt"))
        .ok().out()).isEqualTo("200");
    assertThat(run(dir, Map.of(), with(plain, "-H", "x-amz-checksum-crc64nvme: " + other, silo.s3Url() + "/sums/nvme-wrong.txt"))
        .ok().out()).isEqualTo("400");
    assertThat(run(dir, Map.of(), with(plain, "-H", "x-amz-checksum-crc64nvme: " + check, "-H", "x-amz-checksum-crc32: AAAAAA==",
        silo.s3Url() + "/sums/nvme-two.txt")).ok().out()).as("two checksums").isEqualTo("400");
    assertThat(exists("nvme-right.txt")).isTrue();
    assertThat(exists("nvme-wrong.txt")).isFalse();
    assertThat(exists("nvme-two.txt")).isFalse();

    assertThat(s3.getObjectAsBytes(b -> b.bucket("sums").key("trailer-right.txt")).asUtf8String()).isEqualTo("hello world");
    assertThat(exists("trailer-wrong.txt")).isFalse();
    assertThat(exists("trailer-missing.txt")).isFalse();
  }

  private static List<String> with(List<String> base, String... more) {
    List<String> all = new java.util.ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }
}
