package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * Bucket lifecycle rules over S3 with real clients: aws-cli's {@code put-bucket-lifecycle-configuration}
 * as the seeds' deployment guides run it, the AWS SDK's, and what the sweeper then removes when
 * the server's clock is moved days ahead, filters by prefix, tag and size. Rules Silo cannot keep
 * are refused, never dropped.
 */
@ExtendWith(NoErrorLogs.class)
class BucketLifecycleTest extends TenantPerTest {
  @Override
  String prefix() {
    return "rules";
  }

  @Override
  String limits() {
    return "{\"max_buckets\":10}";
  }

  /** Runs the server's sweeper as if {@code days} had passed, then brings its clock back. */
  static void sweepDaysLater(int days) {
    clock.ahead = Duration.ofDays(days);
    try {
      silo.silo().lifecycle().sweep(1000);
    } finally {
      clock.ahead = Duration.ZERO;
    }
  }

  @Test
  void awsCliSetsRulesThatTheSweeperApplies() throws Exception {
    s3.createBucket(r -> r.bucket("cli-rules"));
    Path rules = dir.resolve("lifecycle.json");
    Files.writeString(rules, """
        {"Rules": [
          {"ID": "expire-logs", "Filter": {"Prefix": "logs/"}, "Status": "Enabled",
           "Expiration": {"Days": 1}, "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 2}},
          {"ID": "paused", "Filter": {"Prefix": "keep/"}, "Status": "Disabled", "Expiration": {"Days": 1}}
        ]}
        """);
    S3Fixture.s3api(silo, dir, cred, "put-bucket-lifecycle-configuration", "--bucket", "cli-rules",
        "--lifecycle-configuration", "file://" + rules).ok();
    JsonNode got = new ObjectMapper().readTree(
        S3Fixture.s3api(silo, dir, cred, "get-bucket-lifecycle-configuration", "--bucket", "cli-rules").ok().out());
    assertThat(got.path("Rules")).hasSize(2);
    JsonNode first = got.path("Rules").get(0);
    assertThat(first.path("ID").asText()).isEqualTo("expire-logs");
    assertThat(first.path("Filter").path("Prefix").asText()).isEqualTo("logs/");
    assertThat(first.path("Expiration").path("Days").asInt()).isEqualTo(1);
    assertThat(first.path("AbortIncompleteMultipartUpload").path("DaysAfterInitiation").asInt()).isEqualTo(2);
    assertThat(got.path("Rules").get(1).path("Status").asText()).isEqualTo("Disabled");

    for (String key : List.of("logs/a.log", "logs/b.log", "keep/c.txt", "other.txt")) {
      s3.putObject(r -> r.bucket("cli-rules").key(key), RequestBody.fromString(key));
    }
    String upload = s3.createMultipartUpload(r -> r.bucket("cli-rules").key("logs/big.bin")).uploadId();

    sweepDaysLater(1); // a day on, the midnight after the day has not come yet
    assertThat(keys("cli-rules")).contains("logs/a.log", "logs/b.log");
    sweepDaysLater(2);
    assertThat(keys("cli-rules")).containsExactly("keep/c.txt", "other.txt");
    assertThat(s3.listMultipartUploads(r -> r.bucket("cli-rules")).uploads()).extracting(u -> u.uploadId()).containsExactly(upload);
    sweepDaysLater(3);
    assertThat(s3.listMultipartUploads(r -> r.bucket("cli-rules")).uploads()).isEmpty();

    S3Fixture.s3api(silo, dir, cred, "delete-bucket-lifecycle", "--bucket", "cli-rules").ok();
    S3Fixture.Run none = S3Fixture.s3api(silo, dir, cred, "get-bucket-lifecycle-configuration", "--bucket", "cli-rules");
    assertThat(none.exit()).isNotZero();
    assertThat(none.err()).contains("NoSuchLifecycleConfiguration");
  }

  @Test
  void theSdkSeesVersionsExpireAndTheRestApisNoncurrentDaysAsARule() {
    s3.createBucket(r -> r.bucket("sdk-rules"));
    s3.putBucketVersioning(r -> r.bucket("sdk-rules").versioningConfiguration(c -> c.status("Enabled")));
    s3.putBucketLifecycleConfiguration(r -> r.bucket("sdk-rules").lifecycleConfiguration(BucketLifecycleConfiguration.builder()
        .rules(LifecycleRule.builder().id("tmp").status(ExpirationStatus.ENABLED).filter(f -> f.prefix("tmp/"))
            .expiration(e -> e.days(1)).noncurrentVersionExpiration(n -> n.noncurrentDays(1)).build())
        .build()));
    String v1 = s3.putObject(r -> r.bucket("sdk-rules").key("tmp/x"), RequestBody.fromString("x")).versionId();
    s3.putObject(r -> r.bucket("sdk-rules").key("docs/y"), RequestBody.fromString("y"));

    sweepDaysLater(2); // tmp/x expires: noncurrent under a delete marker
    var versions = s3.listObjectVersions(r -> r.bucket("sdk-rules").prefix("tmp/"));
    assertThat(versions.versions()).extracting(v -> v.versionId()).containsExactly(v1);
    assertThat(versions.deleteMarkers()).hasSize(1);
    sweepDaysLater(4); // noncurrent a day past the midnight: the version, then its marker, go
    var after = s3.listObjectVersions(r -> r.bucket("sdk-rules"));
    assertThat(after.versions()).extracting(v -> v.key()).containsExactly("docs/y");
    assertThat(after.deleteMarkers()).isEmpty();

    assertThat(cred.api().patch("/v1/buckets/sdk-rules", "{\"noncurrent_days\":30}").status()).isEqualTo(200);
    var rules = s3.getBucketLifecycleConfiguration(r -> r.bucket("sdk-rules")).rules();
    assertThat(rules).extracting(LifecycleRule::id).containsExactly("tmp", "noncurrent-days");
    assertThat(rules.get(1).noncurrentVersionExpiration().noncurrentDays()).isEqualTo(30);
    assertThat(rules.get(1).filter().prefix()).isEmpty();
  }

  @Test
  void rulesSiloCannotKeepAreRefusedAndNothingChanges() {
    s3.createBucket(r -> r.bucket("refusals"));
    LifecycleRule kept = LifecycleRule.builder().id("kept").status(ExpirationStatus.ENABLED).filter(f -> f.prefix("a/"))
        .expiration(e -> e.days(5)).build();
    s3.putBucketLifecycleConfiguration(r -> r.bucket("refusals").lifecycleConfiguration(c -> c.rules(kept)));

    assertThat(refused(LifecycleRule.builder().id("t").status(ExpirationStatus.ENABLED).filter(f -> f.prefix(""))
        .transitions(t -> t.days(30).storageClass(TransitionStorageClass.GLACIER)).build()))
        .isEqualTo("501 NotImplemented");
    assertThat(refused(LifecycleRule.builder().id("newer").status(ExpirationStatus.ENABLED).filter(f -> f.prefix(""))
        .noncurrentVersionExpiration(n -> n.noncurrentDays(1).newerNoncurrentVersions(3)).build()))
        .isEqualTo("501 NotImplemented");
    assertThat(refused(LifecycleRule.builder().id("tagged-abort").status(ExpirationStatus.ENABLED)
        .filter(f -> f.tag(t -> t.key("k").value("v"))).abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(1)).build()))
        .as("uploads have no tags").isEqualTo("400 InvalidArgument");
    assertThat(refused(LifecycleRule.builder().id("zero").status(ExpirationStatus.ENABLED).filter(f -> f.prefix(""))
        .expiration(e -> e.days(0)).build()))
        .isEqualTo("400 InvalidArgument");
    assertThat(refused(LifecycleRule.builder().id("noon").status(ExpirationStatus.ENABLED).filter(f -> f.prefix(""))
        .expiration(e -> e.date(Instant.parse("2030-01-01T12:00:00Z"))).build()))
        .isEqualTo("400 InvalidArgument");
    assertThat(refused(LifecycleRule.builder().id("nothing").status(ExpirationStatus.ENABLED).filter(f -> f.prefix("")).build()))
        .isEqualTo("400 InvalidArgument");
    assertThat(refused(kept, kept)).as("one id twice").isEqualTo("400 InvalidArgument");
    assertThat(s3.getBucketLifecycleConfiguration(r -> r.bucket("refusals")).rules()).containsExactly(kept);

    // filters by a tag, by sizes, and by all of them in an And, read back as they were put
    LifecycleRule byTag = LifecycleRule.builder().id("by-tag").status(ExpirationStatus.ENABLED)
        .filter(f -> f.tag(t -> t.key("state").value("tmp"))).expiration(e -> e.days(1)).build();
    LifecycleRule bySize = LifecycleRule.builder().id("by-size").status(ExpirationStatus.ENABLED)
        .filter(f -> f.objectSizeGreaterThan(1024L)).expiration(e -> e.days(1)).build();
    LifecycleRule byAll = LifecycleRule.builder().id("by-all").status(ExpirationStatus.ENABLED)
        .filter(f -> f.and(a -> a.prefix("logs/").tags(t -> t.key("a").value("1"), t -> t.key("b").value("2"))
            .objectSizeGreaterThan(1L).objectSizeLessThan(100L)))
        .noncurrentVersionExpiration(n -> n.noncurrentDays(3)).build();
    s3.putBucketLifecycleConfiguration(r -> r.bucket("refusals").lifecycleConfiguration(c -> c.rules(byTag, bySize, byAll)));
    assertThat(s3.getBucketLifecycleConfiguration(r -> r.bucket("refusals")).rules()).containsExactly(byTag, bySize, byAll);

    // a date rule at midnight is kept as the day it names
    LifecycleRule dated = LifecycleRule.builder().id("dated").status(ExpirationStatus.ENABLED).filter(f -> f.prefix("d/"))
        .expiration(e -> e.date(Instant.parse("2030-01-01T00:00:00Z"))).build();
    s3.putBucketLifecycleConfiguration(r -> r.bucket("refusals").lifecycleConfiguration(c -> c.rules(dated)));
    assertThat(s3.getBucketLifecycleConfiguration(r -> r.bucket("refusals")).rules()).containsExactly(dated);
  }

  /** A rule filtered by a tag expires the tagged objects under it and leaves the rest. */
  @Test
  void aTagFilteredRuleExpiresOnlyWhatCarriesTheTag() {
    s3.createBucket(r -> r.bucket("tag-rules"));
    s3.putBucketLifecycleConfiguration(r -> r.bucket("tag-rules").lifecycleConfiguration(c -> c.rules(
        LifecycleRule.builder().id("tmp").status(ExpirationStatus.ENABLED)
            .filter(f -> f.and(a -> a.prefix("uploads/").tags(t -> t.key("state").value("tmp")))).expiration(e -> e.days(1)).build())));
    s3.putObject(r -> r.bucket("tag-rules").key("uploads/draft").tagging("state=tmp"), RequestBody.fromString("d"));
    s3.putObject(r -> r.bucket("tag-rules").key("uploads/final").tagging("state=final"), RequestBody.fromString("f"));
    s3.putObject(r -> r.bucket("tag-rules").key("uploads/plain"), RequestBody.fromString("p"));
    s3.putObject(r -> r.bucket("tag-rules").key("other/draft").tagging("state=tmp"), RequestBody.fromString("o"));
    s3.putObjectTagging(r -> r.bucket("tag-rules").key("uploads/final").tagging(t -> t.tagSet(
        software.amazon.awssdk.services.s3.model.Tag.builder().key("state").value("tmp").build())));
    s3.putObjectTagging(r -> r.bucket("tag-rules").key("uploads/final").tagging(t -> t.tagSet(
        software.amazon.awssdk.services.s3.model.Tag.builder().key("state").value("final").build())));
    sweepDaysLater(2);
    assertThat(keys("tag-rules")).containsExactly("other/draft", "uploads/final", "uploads/plain");
  }

  @Test
  void anotherTenantsBucketIsNotFoundAndAReadOnlyKeyCannotSetRules() {
    s3.createBucket(r -> r.bucket("mine"));
    S3Fixture.Credential other = S3Fixture.tenant(silo, slug + "-other", null, null);
    try (S3Client theirs = SdkClients.client(silo.s3Url(), other.accessKeyId(), other.secret())) {
      assertThatThrownBy(() -> theirs.getBucketLifecycleConfiguration(r -> r.bucket("mine")))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket"));
      assertThatThrownBy(() -> theirs.deleteBucketLifecycle(r -> r.bucket("mine")))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }
    JsonNode key = cred.api().post("/v1/s3-credentials", "{\"description\":\"ro\",\"scopes\":[\"read\"]}").json();
    try (S3Client readOnly = SdkClients.client(silo.s3Url(), key.path("access_key_id").asText(), key.path("secret_access_key").asText())) {
      assertThatThrownBy(() -> readOnly.putBucketLifecycleConfiguration(r -> r.bucket("mine").lifecycleConfiguration(c -> c.rules(
              LifecycleRule.builder().id("x").status(ExpirationStatus.ENABLED).filter(f -> f.prefix("")).expiration(e -> e.days(1)).build()))))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }
  }

  private String refused(LifecycleRule... rules) {
    try {
      s3.putBucketLifecycleConfiguration(r -> r.bucket("refusals").lifecycleConfiguration(c -> c.rules(rules)));
      return "accepted";
    } catch (S3Exception e) {
      return e.statusCode() + " " + e.awsErrorDetails().errorCode();
    }
  }

  private List<String> keys(String bucket) {
    return s3.listObjectsV2(r -> r.bucket(bucket)).contents().stream().map(o -> o.key()).toList();
  }
}
