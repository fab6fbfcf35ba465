package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Rotating the master key: S3 credentials issued under the old key keep working while it is
 * listed as a previous key, and new ones carry the new version in their id; signed URLs and upload
 * tokens made under the old key live while it is listed and die, all at once, when it is dropped.
 */
@ExtendWith(NoErrorLogs.class)
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
      forgetKeys(silo, "rotating");
    }
  }

  @Test
  void tokensOfAnOldKeyLiveWhileItIsListedAndDieWhenItIsDropped() throws Exception {
    Path data = dir.resolve("tokens");
    String oldKey = key(3);
    String newKey = key(4);
    String apiKey;
    String signed;
    String upload;
    String base;
    try (TestSilo silo = TestSilo.start(data, Map.of("SILO_MASTER_KEY", oldKey))) {
      Api t = silo.tenant("rotating-tokens");
      apiKey = t.token();
      t.put("/v1/objects/doc.txt", "document", "Content-Type", "text/plain");
      signed = t.post("/v1/sign/doc.txt", "{}").json().path("url").asText();
      upload = t.post("/v1/uploads", "{\"filename\":\"p.txt\",\"content_type\":\"text/plain\",\"size\":2}").json().path("upload_url").asText();
      base = silo.url();
    }
    Map<String, String> rotated =
        Map.of("SILO_MASTER_KEY", newKey, "SILO_MASTER_KEY_VERSION", "2", "SILO_PREVIOUS_MASTER_KEYS", oldKey);
    try (TestSilo silo = TestSilo.start(data, rotated)) {
      assertThat(silo.anonymous().get(signed.replace(base, silo.url())).body()).isEqualTo("document");
      String fresh = silo.as(apiKey).post("/v1/sign/doc.txt", "{}").json().path("url").asText();
      assertThat(silo.anonymous().get(fresh).body()).isEqualTo("document");
    }
    try (TestSilo silo = TestSilo.start(data, Map.of("SILO_MASTER_KEY", newKey))) {
      Api anon = silo.anonymous();
      for (Api.Resp r : new Api.Resp[] {
          anon.get(signed.replace(base, silo.url())), anon.put(upload.replace(base, silo.url()), "hi", "Content-Type", "text/plain")}) {
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo("invalid_signature");
      }
      assertThat(silo.as(apiKey).get("/v1/objects/doc.txt").body()).as("API keys do not depend on the master key").isEqualTo("document");
      forgetKeys(silo, "rotating-tokens");
    }
  }

  /**
   * A database shared by the class (PostgreSQL) must keep no data key wrapped by this test's master
   * keys, which the next test does not have: the tenant goes (its keys with it), and a tenant that
   * never wrote stays, so that the class's database is seen to have been used.
   */
  private static void forgetKeys(TestSilo silo, String slug) {
    assertThat(silo.operator().delete("/v1/tenants/" + slug).status()).isEqualTo(204);
    assertThat(silo.operator().post("/v1/tenants", "{\"slug\":\"" + slug + "-after\"}").status()).isEqualTo(201);
  }
}
