package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.server.it.TestSilo;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Downloads carry the object's SHA-256 as S3's full-object checksum when the client asks
 * ({@code x-amz-checksum-mode: ENABLED}, the AWS SDK's default), and the SDK checks the bytes
 * against it: a blob damaged on the disk (plain text, so that nothing else notices) fails the
 * download instead of handing over wrong bytes.
 */
class DownloadChecksumTest {
  @TempDir Path dir;

  private static byte[] random(int size, int seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void theSdkChecksWhatItDownloadsAgainstTheObjectsSha256() throws Exception {
    try (TestSilo silo = TestSilo.start(dir.resolve("silo"), Map.of("SILO_ENCRYPTION", "off"))) {
      S3Fixture.Credential cred = S3Fixture.tenant(silo, "down", null, null);
      try (S3Client s3 = SdkClients.client(silo.s3Url(), cred.accessKeyId(), cred.secret())) {
        byte[] data = random(300_000, 1);
        // the SHA-256 Silo keeps, asked for here; the SDK's own default would be a CRC32, kept as well
        s3.putObject(b -> b.bucket("down").key("a.bin").checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(data));
        String sha = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));

        ResponseBytes<GetObjectResponse> got =
            s3.getObject(b -> b.bucket("down").key("a.bin").checksumMode(ChecksumMode.ENABLED), ResponseTransformer.toBytes());
        assertThat(got.response().checksumSHA256()).isEqualTo(sha);
        assertThat(got.asByteArray()).isEqualTo(data);
        assertThat(s3.headObject(b -> b.bucket("down").key("a.bin").checksumMode(ChecksumMode.ENABLED)).checksumSHA256()).isEqualTo(sha);
        assertThat(s3.getObject(b -> b.bucket("down").key("a.bin").range("bytes=0-99").checksumMode(ChecksumMode.ENABLED),
            ResponseTransformer.toBytes()).response().checksumSHA256()).as("not for a range").isNull();

        String upload = s3.createMultipartUpload(b -> b.bucket("down").key("parts.bin")).uploadId();
        String e1 = s3.uploadPart(b -> b.bucket("down").key("parts.bin").uploadId(upload).partNumber(1),
            RequestBody.fromBytes(random(1000, 2))).eTag();
        s3.completeMultipartUpload(b -> b.bucket("down").key("parts.bin").uploadId(upload)
            .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build())));
        assertThat(s3.headObject(b -> b.bucket("down").key("parts.bin").checksumMode(ChecksumMode.ENABLED)).checksumSHA256())
            .as("an upload in parts that asked for no checksum has none").isNull();

        // one byte of the blob changed on the disk
        Path blob;
        try (Stream<Path> files = Files.walk(silo.dataDir().resolve("blobs"))) {
          List<Path> sized = files.filter(Files::isRegularFile).filter(f -> sizeOf(f) == data.length).toList();
          assertThat(sized).as("the one blob of that size").hasSize(1);
          blob = sized.getFirst();
        }
        try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
          f.seek(150_000);
          int b = f.read();
          f.seek(150_000);
          f.write(b ^ 0xff);
        }

        assertThatThrownBy(() -> s3.getObject(b -> b.bucket("down").key("a.bin").checksumMode(ChecksumMode.ENABLED),
                ResponseTransformer.toBytes()))
            .isInstanceOf(SdkClientException.class)
            .hasMessageContaining("checksum");
      }
    }
  }

  private static long sizeOf(Path f) {
    try {
      return Files.size(f);
    } catch (java.io.IOException e) {
      return -1;
    }
  }
}
