package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * S3 bucket tagging with the AWS SDK and aws-cli: a bucket's tags set as a whole, read, removed,
 * refused when S3 would refuse them (fifty at most), shown and set by the REST API, and out of reach
 * of another tenant and of a read-only key.
 */
@ExtendWith(NoErrorLogs.class)
class BucketTaggingTest extends TenantPerTest {
  @Override
  String prefix() {
    return "btags";
  }

  @Override
  String limits() {
    return "{\"max_buckets\":5}";
  }

  private static Tag tag(String k, String v) {
    return Tag.builder().key(k).value(v).build();
  }

  private Map<String, String> tags(String bucket) {
    return s3.getBucketTagging(r -> r.bucket(bucket)).tagSet().stream()
        .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a, LinkedHashMap::new));
  }

  @Test
  void aBucketsTagsAreSetReadAndRemovedAsAWhole() throws Exception {
    s3.createBucket(r -> r.bucket("billing"));
    assertThat(S3Fixture.outcome(() -> s3.getBucketTagging(r -> r.bucket("billing")))).isEqualTo("404 NoSuchTagSet");
    s3.putBucketTagging(r -> r.bucket("billing").tagging(t -> t.tagSet(tag("team", "data eng"), tag("cost-center", "42"))));
    assertThat(tags("billing")).containsExactly(Map.entry("team", "data eng"), Map.entry("cost-center", "42"));
    s3.putBucketTagging(r -> r.bucket("billing").tagging(t -> t.tagSet(tag("env", "prod"))));
    assertThat(tags("billing")).as("replaced as a whole").containsExactly(Map.entry("env", "prod"));

    JsonNode view = cred.api().get("/v1/buckets/billing").json();
    assertThat(view.path("tags").path("env").asText()).isEqualTo("prod");
    assertThat(cred.api().patch("/v1/buckets/billing", "{\"tags\":{\"owner\":\"ana\"}}").json().path("tags").path("owner").asText())
        .isEqualTo("ana");
    assertThat(tags("billing")).containsExactly(Map.entry("owner", "ana"));

    List<Tag> fifty = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      fifty.add(tag("k" + i, "v"));
    }
    s3.putBucketTagging(r -> r.bucket("billing").tagging(t -> t.tagSet(fifty)));
    assertThat(tags("billing")).hasSize(50);
    List<Tag> more = new ArrayList<>(fifty);
    more.add(tag("k50", "v"));
    assertThat(S3Fixture.outcome(() -> s3.putBucketTagging(r -> r.bucket("billing").tagging(t -> t.tagSet(more))))).isEqualTo("400 InvalidTag");
    assertThat(S3Fixture.outcome(() -> s3.putBucketTagging(r -> r.bucket("billing").tagging(t -> t.tagSet(tag("aws:x", "v"))))))
        .isEqualTo("400 InvalidTag");
    assertThat(tags("billing")).as("a refusal changes nothing").hasSize(50);

    s3.deleteBucketTagging(r -> r.bucket("billing"));
    assertThat(S3Fixture.outcome(() -> s3.getBucketTagging(r -> r.bucket("billing")))).isEqualTo("404 NoSuchTagSet");

    S3Fixture.s3api(silo, dir, cred, "put-bucket-tagging", "--bucket", "billing",
        "--tagging", "TagSet=[{Key=project,Value=silo}]").ok();
    assertThat(S3Fixture.s3api(silo, dir, cred, "get-bucket-tagging", "--bucket", "billing").ok().out()).contains("\"project\"");
  }

  @Test
  void anotherTenantAndAReadOnlyKeyCannotTagTheBucket() {
    s3.createBucket(r -> r.bucket("mine"));
    s3.putBucketTagging(r -> r.bucket("mine").tagging(t -> t.tagSet(tag("a", "1"))));
    S3Fixture.Credential other = S3Fixture.tenant(silo, slug + "-other", null, null);
    try (S3Client theirs = SdkClients.client(silo.s3Url(), other.accessKeyId(), other.secret())) {
      assertThat(S3Fixture.outcome(() -> theirs.getBucketTagging(r -> r.bucket("mine")))).isEqualTo("404 NoSuchBucket");
      assertThat(S3Fixture.outcome(() -> theirs.deleteBucketTagging(r -> r.bucket("mine")))).isEqualTo("404 NoSuchBucket");
    }
    JsonNode key = cred.api().post("/v1/s3-credentials", "{\"description\":\"ro\",\"scopes\":[\"read\"]}").json();
    try (S3Client readOnly = SdkClients.client(silo.s3Url(), key.path("access_key_id").asText(), key.path("secret_access_key").asText())) {
      assertThat(S3Fixture.outcome(() -> readOnly.putBucketTagging(r -> r.bucket("mine").tagging(t -> t.tagSet(tag("b", "2"))))))
          .isEqualTo("403 AccessDenied");
      assertThat(readOnly.getBucketTagging(r -> r.bucket("mine")).tagSet()).hasSize(1);
    }
  }
}
