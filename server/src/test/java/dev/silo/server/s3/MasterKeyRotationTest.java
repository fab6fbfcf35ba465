package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.TestSilo;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Rotating the master key: S3 credentials issued under the old key keep working while it is
 * listed as a previous key, and new ones carry the new version in their id.
 */
class MasterKeyRotationTest {
  @TempDir Path dir;

  private static String key(long seed) {
    byte[] k = new byte[32];
    new Random(seed).nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  @Test
  void oldCredentialsSurviveARotationAndNewOnesUseTheNewVersion() throws Exception {
    Path data = dir.resolve("data");
    String oldKey = key(1);
    String newKey = key(2);
    S3Fixture.Credential old;
    try (TestSilo silo = TestSilo.start(data, Map.of("SILO_MASTER_KEY", oldKey))) {
      old = S3Fixture.tenant(silo, "rotating", null, null);
      assertThat(old.accessKeyId()).startsWith("SILO1");
    }
    Map<String, String> rotated =
        Map.of("SILO_MASTER_KEY", newKey, "SILO_MASTER_KEY_VERSION", "2", "SILO_PREVIOUS_MASTER_KEYS", oldKey);
    try (TestSilo silo = TestSilo.start(data, rotated)) {
      try (S3Client s3 = SdkClients.client(silo.s3Url(), old.accessKeyId(), old.secret())) {
        s3.putObject(PutObjectRequest.builder().bucket("rotating").key("after-rotation.txt").build(), RequestBody.fromString("still mine"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("rotating").key("after-rotation.txt")).asUtf8String()).isEqualTo("still mine");
      }
      S3Fixture.Credential fresh = S3Fixture.credential(silo.as(old.api().token()), null);
      assertThat(fresh.accessKeyId()).startsWith("SILO2");
      try (S3Client s3 = SdkClients.client(silo.s3Url(), fresh.accessKeyId(), fresh.secret())) {
        assertThat(s3.listObjectsV2(b -> b.bucket("rotating")).contents()).hasSize(1);
      }
    }
  }
}
