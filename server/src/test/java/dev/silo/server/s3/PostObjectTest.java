package dev.silo.server.s3;

import static dev.silo.server.s3.S3Fixture.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.silo.server.it.TestSilo;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Browser form uploads (S3 POST Object) as apps make them: the policy and fields by boto3's
 * {@code generate_presigned_post} ({@code src/test/resources/boto3/presigned_post.py}), the form
 * posted by curl, fields first and the file last, as a browser sends it. The policy's conditions
 * and size range hold, and anything it does not allow stores nothing.
 */
class PostObjectTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static S3Fixture.Credential cred;
  static S3Fixture.Credential other;
  static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("silo"));
    cred = S3Fixture.tenant(silo, "posts", null, null);
    other = S3Fixture.tenant(silo, "elsewhere", null, null);
    s3 = SdkClients.client(silo.s3Url(), cred.accessKeyId(), cred.secret());
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
    silo.close();
  }

  private static JsonNode presign(S3Fixture.Credential as, Map<String, Object> spec) throws Exception {
    return presign(silo, dir, as, spec);
  }

  /** boto3's presigned POST for {@code spec} on {@code silo}, signed with {@code as}; {@code dir} holds the script. */
  static JsonNode presign(TestSilo silo, Path dir, S3Fixture.Credential as, Map<String, Object> spec) throws Exception {
    String python = S3Fixture.binary("python3", "/usr/bin/python3");
    Path script = dir.resolve("presigned_post.py");
    if (!Files.exists(script)) {
      try (InputStream in = PostObjectTest.class.getResourceAsStream("/boto3/presigned_post.py")) {
        Files.copy(in, script);
      }
    }
    Map<String, String> env = new HashMap<>();
    env.put("SILO_S3", silo.s3Url());
    env.put("SILO_KEY", as.accessKeyId());
    env.put("SILO_SECRET", as.secret());
    env.put("HOME", dir.toString());
    S3Fixture.Run r = S3Fixture.run(dir, env, cmd(python, script.toString(), new ObjectMapper().writeValueAsString(spec)));
    if (r.err().contains("No module named 'boto3'")) {
      org.junit.jupiter.api.Assumptions.abort("boto3 is not installed: apt-get install python3-boto3 (.ci/run installs it)");
    }
    return new ObjectMapper().readTree(r.ok().out());
  }

  record Answer(int status, String body, String headers) {}

  /** The form posted by curl: the presigned fields (with {@code change} applied, null removes), then the file. */
  private static Answer post(JsonNode presigned, Map<String, String> change, byte[] file, String filename) throws Exception {
    String curl = S3Fixture.binary("curl", "/usr/bin/curl");
    Path upload = Files.write(dir.resolve("upload-" + System.nanoTime()), file);
    Path body = dir.resolve("body-" + System.nanoTime());
    Path headers = dir.resolve("headers-" + System.nanoTime());
    List<String> command = cmd(curl, "-s", "-o", body.toString(), "-D", headers.toString(), "-w", "%{http_code}");
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = presigned.get("fields").fields(); it.hasNext(); ) {
      var e = it.next();
      fields.put(e.getKey(), e.getValue().asText());
    }
    change.forEach((k, v) -> {
      if (v == null) {
        fields.remove(k);
      } else {
        fields.put(k, v);
      }
    });
    fields.forEach((k, v) -> command.addAll(List.of("--form-string", k + "=" + v)));
    command.addAll(List.of("-F", "file=@" + upload + ";filename=" + filename + ";type=text/plain", presigned.get("url").asText()));
    S3Fixture.Run r = S3Fixture.run(dir, Map.of(), command).ok();
    return new Answer(Integer.parseInt(r.out().strip()), Files.readString(body), Files.readString(headers));
  }

  private boolean exists(String key) {
    try {
      s3.headObject(b -> b.bucket("posts").key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }

  private static Map<String, Object> spec(String key, List<Object> conditions, Map<String, String> fields) {
    Map<String, Object> spec = new HashMap<>();
    spec.put("bucket", "posts");
    spec.put("key", key);
    spec.put("conditions", conditions);
    spec.put("fields", fields);
    return spec;
  }

  @Test
  void aFormUploadMadeByBoto3IsStoredWithItsFieldsAndAnswered() throws Exception {
    JsonNode presigned = presign(cred, spec("uploads/${filename}",
        List.of(List.of("starts-with", "$key", "uploads/"), List.of("content-length-range", 1, 1_000_000),
            Map.of("success_action_status", "201"), Map.of("x-amz-meta-owner", "ann"), Map.of("Content-Type", "text/csv")),
        Map.of("success_action_status", "201", "x-amz-meta-owner", "ann", "Content-Type", "text/csv")));
    byte[] data = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);

    Answer a = post(presigned, Map.of(), data, "table.csv");

    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    assertThat(a.body()).contains("<Key>uploads/table.csv</Key>", "<Bucket>posts</Bucket>", md5);
    var head = s3.headObject(b -> b.bucket("posts").key("uploads/table.csv"));
    assertThat(head.contentType()).startsWith("text/csv");
    assertThat(head.metadata()).containsEntry("owner", "ann");
    assertThat(s3.getObjectAsBytes(b -> b.bucket("posts").key("uploads/table.csv")).asByteArray()).isEqualTo(data);

    // a form's tagging field: S3's Tagging document
    String tagging = "<Tagging><TagSet><Tag><Key>source</Key><Value>browser</Value></Tag></TagSet></Tagging>";
    JsonNode tagged = presign(cred, spec("tagged.txt", List.of(Map.of("tagging", tagging)), Map.of("tagging", tagging)));
    assertThat(post(tagged, Map.of(), "t".getBytes(StandardCharsets.UTF_8), "t.txt").status()).isEqualTo(204);
    assertThat(s3.getObjectTagging(b -> b.bucket("posts").key("tagged.txt")).tagSet())
        .extracting(t -> t.key() + "=" + t.value()).containsExactly("source=browser");

    JsonNode plain = presign(cred, spec("plain.txt", List.of(), Map.of()));
    Answer p = post(plain, Map.of(), "plain".getBytes(StandardCharsets.UTF_8), "ignored.txt");
    assertThat(p.status()).as("S3's default answer").isEqualTo(204);
    assertThat(p.headers().toLowerCase()).contains("etag:");
    assertThat(exists("plain.txt")).isTrue();
  }

  @Test
  void aFormPutsTheObjectUnderTheLockItsFieldsName() throws Exception {
    S3Fixture.Credential locker = S3Fixture.tenant(silo, "posts-lock", "{\"max_buckets\":2}", null);
    try (S3Client c = SdkClients.client(silo.s3Url(), locker.accessKeyId(), locker.secret())) {
      c.createBucket(b -> b.bucket("records").objectLockEnabledForBucket(true));
      String until = java.time.Instant.now().plus(java.time.Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
      Map<String, String> fields = Map.of("x-amz-object-lock-mode", "GOVERNANCE", "x-amz-object-lock-retain-until-date", until,
          "x-amz-object-lock-legal-hold", "ON");
      Map<String, Object> spec = new HashMap<>();
      spec.put("bucket", "records");
      spec.put("key", "ledger.txt");
      spec.put("fields", fields);
      spec.put("conditions", fields.entrySet().stream().map(e -> (Object) Map.of(e.getKey(), e.getValue())).toList());
      assertThat(post(presign(locker, spec), Map.of(), "2026 ledger".getBytes(StandardCharsets.UTF_8), "ledger.txt").status()).isEqualTo(204);
      var retention = c.getObjectRetention(b -> b.bucket("records").key("ledger.txt")).retention();
      assertThat(retention.modeAsString()).isEqualTo("GOVERNANCE");
      assertThat(retention.retainUntilDate()).isEqualTo(java.time.Instant.parse(until));
      assertThat(c.getObjectLegalHold(b -> b.bucket("records").key("ledger.txt")).legalHold().statusAsString()).isEqualTo("ON");
      String version = c.headObject(b -> b.bucket("records").key("ledger.txt")).versionId();
      assertThat(S3Fixture.outcome(() -> c.deleteObject(b -> b.bucket("records").key("ledger.txt").versionId(version))))
          .as("the version is protected").isEqualTo("403 AccessDenied");
    }
  }

  @Test
  void aFormsChecksumFieldChecksTheFileAndIsKept() throws Exception {
    byte[] data = "checked from a form".getBytes(StandardCharsets.UTF_8);
    String sha256 = java.util.Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
    JsonNode presigned = presign(cred, spec("checked.txt", List.of(Map.of("x-amz-checksum-sha256", sha256)),
        Map.of("x-amz-checksum-sha256", sha256)));
    Answer a = post(presigned, Map.of(), data, "checked.txt");
    assertThat(a.status()).as(a.body()).isEqualTo(204);
    assertThat(a.headers().toLowerCase()).contains("x-amz-checksum-sha256: " + sha256.toLowerCase());
    assertThat(s3.headObject(b -> b.bucket("posts").key("checked.txt").checksumMode(ChecksumMode.ENABLED)).checksumSHA256())
        .isEqualTo(sha256);

    JsonNode wrong = presign(cred, spec("unchecked.txt", List.of(Map.of("x-amz-checksum-sha256", sha256)),
        Map.of("x-amz-checksum-sha256", sha256)));
    Answer refused = post(wrong, Map.of(), "other bytes".getBytes(StandardCharsets.UTF_8), "unchecked.txt");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("<Code>BadDigest</Code>");
    assertThat(exists("unchecked.txt")).isFalse();
  }

  @Test
  void aFormSignedWithSignatureV2IsTakenToo() throws Exception {
    Map<String, Object> spec = new HashMap<>(spec("v2/${filename}", List.of(List.of("starts-with", "$key", "v2/")), Map.of()));
    spec.put("signature", "s3");
    JsonNode presigned = presign(cred, spec);
    assertThat(presigned.get("fields").has("AWSAccessKeyId")).as("boto3 signed it with V2").isTrue();

    assertThat(post(presigned, Map.of(), "old".getBytes(StandardCharsets.UTF_8), "old.txt").status()).isEqualTo(204);
    assertThat(post(presigned, Map.of("signature", "AAAAAAAAAAAAAAAAAAAAAAAAAAA="), "x".getBytes(StandardCharsets.UTF_8), "forged.txt").status())
        .isEqualTo(403);

    assertThat(exists("v2/old.txt")).isTrue();
    assertThat(exists("v2/forged.txt")).isFalse();
  }

  @Test
  void aFileOutsideThePolicysSizeRangeStoresNothing() throws Exception {
    JsonNode presigned = presign(cred, spec("sized.bin", List.of(List.of("content-length-range", 2, 100)), Map.of()));

    Answer big = post(presigned, Map.of(), new byte[101], "big.bin");
    Answer small = post(presigned, Map.of(), new byte[1], "small.bin");

    assertThat(big.status()).isEqualTo(400);
    assertThat(big.body()).contains("EntityTooLarge");
    assertThat(small.status()).isEqualTo(400);
    assertThat(small.body()).contains("EntityTooSmall");
    assertThat(exists("sized.bin")).isFalse();
    assertThat(post(presigned, Map.of(), new byte[100], "right.bin").status()).isEqualTo(204);
  }

  @Test
  void whatThePolicyDoesNotAllowIsRefusedAndStoresNothing() throws Exception {
    JsonNode presigned = presign(cred, spec("uploads/${filename}", List.of(List.of("starts-with", "$key", "uploads/")), Map.of()));
    byte[] data = "x".getBytes(StandardCharsets.UTF_8);
    String policy = presigned.get("fields").get("policy").asText();
    String tampered = (policy.charAt(10) == 'A' ? "B" : "A");

    List<Answer> refused = new ArrayList<>();
    refused.add(post(presigned, Map.of("key", "elsewhere/${filename}"), data, "a.txt")); // a condition fails
    refused.add(post(presigned, Map.of("x-amz-meta-extra", "1"), data, "b.txt")); // a field no condition names
    refused.add(post(presigned, Map.of("policy", policy.substring(0, 10) + tampered + policy.substring(11)), data, "c.txt"));
    refused.add(post(presign(cred, Map.of("bucket", "posts", "key", "late.txt", "expires", -60)), Map.of(), data, "d.txt"));

    assertThat(refused).allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(403));
    assertThat(refused.get(0).body()).contains("Policy Condition failed");
    assertThat(refused.get(1).body()).contains("Extra input fields");
    assertThat(refused.get(2).body()).contains("SignatureDoesNotMatch");
    assertThat(refused.get(3).body()).contains("Policy expired");
    Map<String, String> unsigned = new HashMap<>();
    unsigned.put("x-amz-signature", null);
    assertThat(post(presigned, unsigned, data, "e.txt").status()).as("no signature").isEqualTo(400);
    assertThat(s3.listObjectsV2(b -> b.bucket("posts").prefix("elsewhere/")).contents()).isEmpty();
    for (String key : List.of("uploads/a.txt", "uploads/b.txt", "uploads/c.txt", "late.txt", "uploads/e.txt")) {
      assertThat(exists(key)).as(key).isFalse();
    }
  }

  @Test
  void twentyFormsPostedTogetherNeverPassTheQuota() throws Exception {
    S3Fixture.Credential tight = S3Fixture.tenant(silo, "tight", "{\"max_bytes\":1000000}", null);
    Map<String, Object> spec = new HashMap<>(spec("race/${filename}", List.of(List.of("starts-with", "$key", "race/")), Map.of()));
    spec.put("bucket", "tight");
    JsonNode presigned = presign(tight, spec);

    List<java.util.concurrent.Future<Answer>> all = new ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(20)) {
      for (int i = 0; i < 20; i++) {
        int n = i;
        all.add(pool.submit(() -> post(presigned, Map.of(), new byte[100_000], "f" + n + ".bin")));
      }
    }
    long accepted = 0;
    for (var f : all) {
      Answer a = f.get();
      assertThat(a.status()).as(a.body()).isIn(204, 400);
      accepted += a.status() == 204 ? 1 : 0;
    }

    JsonNode usage = tight.api().get("/v1/tenant").json().get("usage");
    assertThat(accepted).isBetween(1L, 10L);
    assertThat(usage.get("bytes").asLong()).isEqualTo(accepted * 100_000).isLessThanOrEqualTo(1_000_000);
    assertThat(usage.get("objects").asLong()).isEqualTo(accepted);
  }

  @Test
  void anotherTenantsFormCannotReachTheBucket() throws Exception {
    JsonNode presigned = presign(other, spec("intruder.txt", List.of(), Map.of()));

    Answer a = post(presigned, Map.of(), "x".getBytes(StandardCharsets.UTF_8), "intruder.txt");

    assertThat(a.status()).isEqualTo(404);
    assertThat(a.body()).contains("NoSuchBucket");
    assertThat(exists("intruder.txt")).isFalse();
  }
}
