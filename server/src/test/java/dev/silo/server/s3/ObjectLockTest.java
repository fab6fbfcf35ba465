package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/**
 * S3 Object Lock with the AWS SDK and aws-cli: a bucket made with object lock, versions under a
 * retention or a legal hold that no request deletes for good (S3's DeleteObject and DeleteObjects
 * with a version id, the REST API's version delete), a GOVERNANCE retention that an admin
 * credential bypasses, a bucket default, and the refusals S3 answers.
 */
@ExtendWith(NoErrorLogs.class)
class ObjectLockTest extends TenantPerTest {
  @Override
  String prefix() {
    return "lock";
  }

  @Override
  String limits() {
    return "{\"max_buckets\":10}";
  }

  private S3Client withScopes(String scopes) {
    JsonNode key = cred.api().post("/v1/s3-credentials", "{\"description\":\"scoped\",\"scopes\":" + scopes + "}").json();
    return SdkClients.client(silo.s3Url(), key.path("access_key_id").asText(), key.path("secret_access_key").asText());
  }

  @Test
  void aRetainedVersionIsDeletedForGoodByNoRequest() {
    s3.createBucket(r -> r.bucket("vault").objectLockEnabledForBucket(true));
    assertThat(s3.getBucketVersioning(r -> r.bucket("vault")).status()).isEqualTo(BucketVersioningStatus.ENABLED);
    assertThat(s3.getObjectLockConfiguration(r -> r.bucket("vault")).objectLockConfiguration().objectLockEnabledAsString())
        .isEqualTo("Enabled");
    Instant until = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
    String v1 = s3.putObject(r -> r.bucket("vault").key("ledger.csv").objectLockMode(ObjectLockMode.COMPLIANCE)
        .objectLockRetainUntilDate(until), RequestBody.fromString("a,b\n")).versionId();

    HeadObjectResponse head = s3.headObject(r -> r.bucket("vault").key("ledger.csv"));
    assertThat(head.objectLockMode()).isEqualTo(ObjectLockMode.COMPLIANCE);
    assertThat(head.objectLockRetainUntilDate()).isEqualTo(until);
    assertThat(s3.getObjectRetention(r -> r.bucket("vault").key("ledger.csv")).retention().retainUntilDate()).isEqualTo(until);
    JsonNode info = cred.api().get("/v1/info/ledger.csv?bucket=vault").json();
    assertThat(info.path("object_lock").path("mode").asText()).as("the REST view").isEqualTo("COMPLIANCE");
    assertThat(Instant.parse(info.path("object_lock").path("retain_until").asText())).isEqualTo(until);
    assertThat(cred.api().get("/v1/buckets/vault").json().has("object_lock")).isTrue();

    assertThat(S3Fixture.outcome(() -> s3.deleteObject(r -> r.bucket("vault").key("ledger.csv").versionId(v1)))).isEqualTo("403 AccessDenied");
    DeleteObjectsResponse many = s3.deleteObjects(r -> r.bucket("vault").delete(d -> d.objects(
        ObjectIdentifier.builder().key("ledger.csv").versionId(v1).build())));
    assertThat(many.errors()).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo("AccessDenied"));
    var rest = cred.api().delete("/v1/objects/ledger.csv?bucket=vault&version_id=" + URLEncoder.encode(v1, StandardCharsets.UTF_8));
    assertThat(rest.status()).as("the REST API's delete of the version").isEqualTo(403);
    // a delete without a version id hides it under a marker, as on S3
    assertThat(s3.deleteObject(r -> r.bucket("vault").key("ledger.csv")).deleteMarker()).isTrue();
    assertThat(s3.getObject(r -> r.bucket("vault").key("ledger.csv").versionId(v1)).response().contentLength()).isEqualTo(4);

    assertThat(S3Fixture.outcome(() -> s3.putObjectRetention(r -> r.bucket("vault").key("ledger.csv").versionId(v1)
        .retention(t -> t.mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(until.minusSeconds(60))))))
        .as("shortened").isEqualTo("403 AccessDenied");
    s3.putObjectRetention(r -> r.bucket("vault").key("ledger.csv").versionId(v1)
        .retention(t -> t.mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(until.plus(Duration.ofDays(1)))));
    assertThat(s3.getObjectRetention(r -> r.bucket("vault").key("ledger.csv").versionId(v1)).retention().retainUntilDate())
        .isEqualTo(until.plus(Duration.ofDays(1)));

    // a multipart upload and a copy take the lock their request asks for
    String upload = s3.createMultipartUpload(r -> r.bucket("vault").key("parts.bin").objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON))
        .uploadId();
    String etag = s3.uploadPart(r -> r.bucket("vault").key("parts.bin").uploadId(upload).partNumber(1), RequestBody.fromString("p")).eTag();
    s3.completeMultipartUpload(r -> r.bucket("vault").key("parts.bin").uploadId(upload)
        .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag))));
    assertThat(s3.headObject(r -> r.bucket("vault").key("parts.bin")).objectLockLegalHoldStatus()).isEqualTo(ObjectLockLegalHoldStatus.ON);
    s3.copyObject(r -> r.sourceBucket("vault").sourceKey("parts.bin").destinationBucket("vault").destinationKey("copy.bin")
        .objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(until));
    HeadObjectResponse copy = s3.headObject(r -> r.bucket("vault").key("copy.bin"));
    assertThat(copy.objectLockMode()).isEqualTo(ObjectLockMode.GOVERNANCE);
    assertThat(copy.objectLockLegalHoldStatus()).as("not the source's hold").isNull();

    assertThat(S3Fixture.outcome(() -> s3.putBucketVersioning(r -> r.bucket("vault").versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)))))
        .isEqualTo("409 InvalidBucketState");
    assertThat(S3Fixture.outcome(() -> s3.deleteBucket(r -> r.bucket("vault")))).isEqualTo("409 BucketNotEmpty");
  }

  @Test
  void governanceYieldsToAnAdminsBypassAndALegalHoldToNothing() {
    s3.createBucket(r -> r.bucket("gov").objectLockEnabledForBucket(true));
    s3.putObjectLockConfiguration(r -> r.bucket("gov").objectLockConfiguration(c -> c.objectLockEnabled("Enabled")
        .rule(u -> u.defaultRetention(d -> d.mode(ObjectLockRetentionMode.GOVERNANCE).days(30)))));
    assertThat(s3.getObjectLockConfiguration(r -> r.bucket("gov")).objectLockConfiguration().rule().defaultRetention().days())
        .isEqualTo(30);
    String v1 = s3.putObject(r -> r.bucket("gov").key("a.txt"), RequestBody.fromString("a")).versionId();
    HeadObjectResponse head = s3.headObject(r -> r.bucket("gov").key("a.txt"));
    assertThat(head.objectLockMode()).as("the bucket's default").isEqualTo(ObjectLockMode.GOVERNANCE);
    assertThat(head.objectLockRetainUntilDate()).isBetween(Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));

    try (S3Client deleter = withScopes("[\"read\",\"write\",\"delete\"]")) {
      assertThat(S3Fixture.outcome(() -> deleter.deleteObject(r -> r.bucket("gov").key("a.txt").versionId(v1)))).isEqualTo("403 AccessDenied");
      assertThat(S3Fixture.outcome(() -> deleter.deleteObject(r -> r.bucket("gov").key("a.txt").versionId(v1).bypassGovernanceRetention(true))))
          .as("the bypass needs an admin credential").isEqualTo("403 AccessDenied");
      assertThat(S3Fixture.outcome(() -> deleter.putObjectLockConfiguration(r -> r.bucket("gov").objectLockConfiguration(c -> c.objectLockEnabled("Enabled")))))
          .as("bucket settings need an admin credential").isEqualTo("403 AccessDenied");
    }

    s3.putObjectLegalHold(r -> r.bucket("gov").key("a.txt").versionId(v1).legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON)));
    assertThat(s3.getObjectLegalHold(r -> r.bucket("gov").key("a.txt")).legalHold().status()).isEqualTo(ObjectLockLegalHoldStatus.ON);
    assertThat(S3Fixture.outcome(() -> s3.deleteObject(r -> r.bucket("gov").key("a.txt").versionId(v1).bypassGovernanceRetention(true))))
        .as("a legal hold yields to nothing").isEqualTo("403 AccessDenied");
    s3.putObjectLegalHold(r -> r.bucket("gov").key("a.txt").versionId(v1).legalHold(h -> h.status(ObjectLockLegalHoldStatus.OFF)));
    assertThat(S3Fixture.outcome(() -> s3.deleteObject(r -> r.bucket("gov").key("a.txt").versionId(v1).bypassGovernanceRetention(true))))
        .isEqualTo("ok");
    assertThat(s3.listObjectVersions(r -> r.bucket("gov")).versions()).isEmpty();
  }

  @Test
  void aBucketWithoutObjectLockRefusesALock() {
    s3.createBucket(r -> r.bucket("plain"));
    Instant until = Instant.now().plus(Duration.ofDays(1));
    assertThat(S3Fixture.outcome(() -> s3.putObject(r -> r.bucket("plain").key("x").objectLockMode(ObjectLockMode.GOVERNANCE)
        .objectLockRetainUntilDate(until), RequestBody.fromString("x")))).isEqualTo("400 InvalidRequest");
    assertThat(s3.listObjectsV2(r -> r.bucket("plain")).contents()).isEmpty();
    assertThat(S3Fixture.outcome(() -> s3.getObjectLockConfiguration(r -> r.bucket("plain")))).isEqualTo("404 ObjectLockConfigurationNotFoundError");
    assertThat(S3Fixture.outcome(() -> s3.putObjectLockConfiguration(r -> r.bucket("plain").objectLockConfiguration(c -> c.objectLockEnabled("Enabled")))))
        .as("versioning first").isEqualTo("409 InvalidBucketState");
    s3.putBucketVersioning(r -> r.bucket("plain").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    s3.putObjectLockConfiguration(r -> r.bucket("plain").objectLockConfiguration(c -> c.objectLockEnabled("Enabled")));
    assertThat(S3Fixture.outcome(() -> s3.putObject(r -> r.bucket("plain").key("x").objectLockMode(ObjectLockMode.GOVERNANCE)
        .objectLockRetainUntilDate(until), RequestBody.fromString("x")))).isEqualTo("ok");

    S3Fixture.Credential other = S3Fixture.tenant(silo, slug + "-other", null, null);
    try (S3Client theirs = SdkClients.client(silo.s3Url(), other.accessKeyId(), other.secret())) {
      assertThat(S3Fixture.outcome(() -> theirs.getObjectLockConfiguration(r -> r.bucket("plain")))).isEqualTo("404 NoSuchBucket");
      assertThat(S3Fixture.outcome(() -> theirs.getObjectRetention(r -> r.bucket("plain").key("x")))).isEqualTo("404 NoSuchBucket");
      assertThat(S3Fixture.outcome(() -> theirs.putObjectLegalHold(r -> r.bucket("plain").key("x")
          .legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON))))).isEqualTo("404 NoSuchBucket");
    }
  }

  @Test
  void theRestApiMakesALockedBucketAndLocksAVersion() {
    var api = cred.api();
    assertThat(api.post("/v1/buckets", "{\"name\":\"rest-vault\",\"object_lock\":true}").status()).isEqualTo(201);
    assertThat(api.put("/v1/objects/a.txt?bucket=rest-vault", "kept").status()).isEqualTo(201);
    String until = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).toString();
    var locked = api.patch("/v1/info/a.txt?bucket=rest-vault",
        "{\"retention\":{\"mode\":\"COMPLIANCE\",\"retain_until\":\"" + until + "\"},\"legal_hold\":true}");
    assertThat(locked.status()).as(locked.toString()).isEqualTo(200);
    assertThat(locked.json().path("object_lock").path("legal_hold").asBoolean()).isTrue();
    String version = locked.json().path("version_id").asText();

    HeadObjectResponse head = s3.headObject(r -> r.bucket("rest-vault").key("a.txt"));
    assertThat(head.objectLockMode()).isEqualTo(ObjectLockMode.COMPLIANCE);
    assertThat(head.objectLockLegalHoldStatus()).isEqualTo(ObjectLockLegalHoldStatus.ON);
    assertThat(S3Fixture.outcome(() -> s3.deleteObject(r -> r.bucket("rest-vault").key("a.txt").versionId(version)))).isEqualTo("403 AccessDenied");

    var shorter = api.patch("/v1/info/a.txt?bucket=rest-vault", "{\"retention\":null}");
    assertThat(shorter.status()).isEqualTo(403);
    assertThat(shorter.json().path("error").path("code").asText()).isEqualTo("object_locked");
    assertThat(api.patch("/v1/info/a.txt?bucket=rest-vault", "{\"legal_hold\":false}").json().path("object_lock").path("legal_hold").asBoolean())
        .isFalse();
    // a bucket's default retention, over REST: versioning first, then object lock, in one request
    assertThat(api.post("/v1/buckets", "{\"name\":\"rest-later\"}").status()).isEqualTo(201);
    var configured = api.patch("/v1/buckets/rest-later",
        "{\"versioning\":\"enabled\",\"object_lock\":{\"default_mode\":\"GOVERNANCE\",\"default_days\":7}}");
    assertThat(configured.status()).as(configured.toString()).isEqualTo(200);
    assertThat(configured.json().path("object_lock").path("default_days").asInt()).isEqualTo(7);
    assertThat(api.put("/v1/objects/c.txt?bucket=rest-later", "c").status()).isEqualTo(201);
    assertThat(api.get("/v1/info/c.txt?bucket=rest-later").json().path("object_lock").path("mode").asText()).isEqualTo("GOVERNANCE");
    assertThat(s3.getObjectLockConfiguration(r -> r.bucket("rest-later")).objectLockConfiguration().rule().defaultRetention().days())
        .isEqualTo(7);

    // GOVERNANCE yields over REST too, to a caller with scope admin that asks
    String v1 = api.get("/v1/info/c.txt?bucket=rest-later").json().path("version_id").asText();
    assertThat(api.put("/v1/objects/c.txt?bucket=rest-later", "c2").status()).isEqualTo(201);
    String writerKey = api.post("/v1/keys", "{\"name\":\"w\",\"scopes\":[\"read\",\"write\",\"delete\"]}").json().path("key").asText();
    var writer = silo.as(writerKey);
    assertThat(writer.delete("/v1/objects/c.txt?bucket=rest-later&version_id=" + v1).status()).as("no bypass asked").isEqualTo(403);
    assertThat(writer.delete("/v1/objects/c.txt?bucket=rest-later&version_id=" + v1 + "&bypass_governance=true").json()
        .path("error").path("code").asText()).as("the bypass needs admin").isEqualTo("insufficient_scope");
    assertThat(api.delete("/v1/objects/c.txt?bucket=rest-later&version_id=" + v1 + "&bypass_governance=maybe").status()).isEqualTo(400);
    assertThat(api.delete("/v1/objects/c.txt?bucket=rest-later&version_id=" + v1 + "&bypass_governance=true").status()).isEqualTo(204);
    assertThat(api.get("/v1/objects/c.txt?bucket=rest-later&version_id=" + v1).status()).isEqualTo(404);
    assertThat(api.patch("/v1/info/c.txt?bucket=rest-later", "{\"retention\":null}").status()).as("removing one needs the bypass").isEqualTo(403);
    assertThat(api.patch("/v1/info/c.txt?bucket=rest-later&bypass_governance=true", "{\"retention\":null}").json()
        .path("object_lock").path("mode").isMissingNode()).isTrue();

    assertThat(api.put("/v1/objects/b.txt", "x").status()).isEqualTo(201);
    var refused = api.patch("/v1/info/b.txt", "{\"legal_hold\":true}");
    assertThat(refused.status()).as("the default bucket has no object lock").isEqualTo(400);
    assertThat(refused.json().path("error").path("code").asText()).isEqualTo("object_lock_not_enabled");
  }

  @Test
  void awsCliLocksAndReadsAVersion() throws Exception {
    S3Fixture.s3api(silo, dir, cred, "create-bucket", "--bucket", "cli-vault", "--object-lock-enabled-for-bucket").ok();
    Path file = dir.resolve(slug + ".txt");
    Files.writeString(file, "kept");
    String until = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS).toString();
    S3Fixture.s3api(silo, dir, cred, "put-object", "--bucket", "cli-vault", "--key", "k.txt", "--body", file.toString(),
        "--object-lock-mode", "COMPLIANCE", "--object-lock-retain-until-date", until, "--object-lock-legal-hold-status", "ON").ok();
    JsonNode retention = new ObjectMapper().readTree(
        S3Fixture.s3api(silo, dir, cred, "get-object-retention", "--bucket", "cli-vault", "--key", "k.txt").ok().out());
    assertThat(retention.path("Retention").path("Mode").asText()).isEqualTo("COMPLIANCE");
    JsonNode hold = new ObjectMapper().readTree(
        S3Fixture.s3api(silo, dir, cred, "get-object-legal-hold", "--bucket", "cli-vault", "--key", "k.txt").ok().out());
    assertThat(hold.path("LegalHold").path("Status").asText()).isEqualTo("ON");
  }
}
