package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

/**
 * S3 object tagging with the AWS SDK and aws-cli: tags set with an upload (PutObject, a multipart
 * upload, a copy), read and replaced without rewriting the object, kept per version, refused when
 * S3 would refuse them, and out of reach of another tenant.
 */
@ExtendWith(NoErrorLogs.class)
class ObjectTaggingTest extends TenantPerTest {
  @Override
  String prefix() {
    return "tags";
  }

  @Override
  String limits() {
    return null;
  }

  private Map<String, String> tags(String key) {
    return tags(s3.getObjectTagging(r -> r.bucket(slug).key(key)));
  }

  private static Map<String, String> tags(GetObjectTaggingResponse r) {
    return r.tagSet().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a, java.util.LinkedHashMap::new));
  }

  private static Tag tag(String k, String v) {
    return Tag.builder().key(k).value(v).build();
  }

  @Test
  void tagsGoWithAnUploadAndAreReplacedWithoutRewritingTheObject() {
    s3.putObject(r -> r.bucket(slug).key("report.csv").tagging("project=silo&team=data%20eng&empty="), RequestBody.fromString("a,b\n"));
    assertThat(tags("report.csv")).containsExactly(Map.entry("project", "silo"), Map.entry("team", "data eng"), Map.entry("empty", ""));
    assertThat(s3.getObject(r -> r.bucket(slug).key("report.csv")).response().tagCount()).isEqualTo(3);
    HeadObjectResponse before = s3.headObject(r -> r.bucket(slug).key("report.csv"));

    s3.putObjectTagging(r -> r.bucket(slug).key("report.csv").tagging(t -> t.tagSet(tag("state", "processed"))));
    assertThat(tags("report.csv")).containsExactly(Map.entry("state", "processed"));
    HeadObjectResponse after = s3.headObject(r -> r.bucket(slug).key("report.csv"));
    assertThat(after.eTag()).isEqualTo(before.eTag());
    assertThat(after.lastModified()).isEqualTo(before.lastModified());
    assertThat(get("report.csv")).isEqualTo("a,b\n".getBytes(StandardCharsets.UTF_8));

    s3.deleteObjectTagging(r -> r.bucket(slug).key("report.csv"));
    assertThat(tags("report.csv")).isEmpty();
    assertThat(s3.getObject(r -> r.bucket(slug).key("report.csv")).response().tagCount()).isNull();

    s3.putObject(r -> r.bucket(slug).key("plain.txt"), RequestBody.fromString("x"));
    assertThat(tags("plain.txt")).isEmpty();
    assertThatThrownBy(() -> s3.getObjectTagging(r -> r.bucket(slug).key("missing.txt")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey"));
  }

  @Test
  void aCopyTakesTheSourcesTagsOrTheRequestsAndAMultipartUploadItsOwn() {
    s3.putObject(r -> r.bucket(slug).key("src").tagging("a=1"), RequestBody.fromString("source"));
    s3.copyObject(r -> r.sourceBucket(slug).sourceKey("src").destinationBucket(slug).destinationKey("copied"));
    assertThat(tags("copied")).containsExactly(Map.entry("a", "1"));
    s3.copyObject(r -> r.sourceBucket(slug).sourceKey("src").destinationBucket(slug).destinationKey("retagged")
        .taggingDirective(TaggingDirective.REPLACE).tagging("b=2"));
    assertThat(tags("retagged")).containsExactly(Map.entry("b", "2"));
    s3.copyObject(r -> r.sourceBucket(slug).sourceKey("src").destinationBucket(slug).destinationKey("untagged")
        .taggingDirective(TaggingDirective.REPLACE));
    assertThat(tags("untagged")).isEmpty();

    String id = s3.createMultipartUpload(r -> r.bucket(slug).key("big.bin").tagging("kind=archive")).uploadId();
    byte[] part = random(5 << 20, 3);
    String etag = s3.uploadPart(r -> r.bucket(slug).key("big.bin").uploadId(id).partNumber(1), RequestBody.fromBytes(part)).eTag();
    s3.completeMultipartUpload(r -> r.bucket(slug).key("big.bin").uploadId(id)
        .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
    assertThat(tags("big.bin")).containsExactly(Map.entry("kind", "archive"));
  }

  @Test
  void eachVersionKeepsItsOwnTags() {
    s3.putBucketVersioning(r -> r.bucket(slug).versioningConfiguration(v -> v.status("Enabled")));
    String v1 = s3.putObject(r -> r.bucket(slug).key("doc").tagging("v=1"), RequestBody.fromString("one")).versionId();
    String v2 = s3.putObject(r -> r.bucket(slug).key("doc"), RequestBody.fromString("two")).versionId();
    assertThat(tags("doc")).isEmpty();
    assertThat(tags(s3.getObjectTagging(r -> r.bucket(slug).key("doc").versionId(v1)))).containsExactly(Map.entry("v", "1"));

    var put = s3.putObjectTagging(r -> r.bucket(slug).key("doc").versionId(v1).tagging(t -> t.tagSet(tag("old", "yes"))));
    assertThat(put.versionId()).isEqualTo(v1);
    assertThat(tags(s3.getObjectTagging(r -> r.bucket(slug).key("doc").versionId(v1)))).containsExactly(Map.entry("old", "yes"));
    assertThat(tags(s3.getObjectTagging(r -> r.bucket(slug).key("doc").versionId(v2)))).isEmpty();
    assertThat(s3.getObjectAsBytes(r -> r.bucket(slug).key("doc").versionId(v1)).asUtf8String()).isEqualTo("one");

    String marker = s3.deleteObject(r -> r.bucket(slug).key("doc")).versionId();
    assertThatThrownBy(() -> s3.getObjectTagging(r -> r.bucket(slug).key("doc")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    assertThatThrownBy(() -> s3.putObjectTagging(r -> r.bucket(slug).key("doc").versionId(marker).tagging(t -> t.tagSet(tag("x", "y")))))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    assertThat(tags(s3.getObjectTagging(r -> r.bucket(slug).key("doc").versionId(v1)))).containsExactly(Map.entry("old", "yes"));
  }

  @Test
  void tagsS3RefusesAreRefusedAndChangeNothing() {
    s3.putObject(r -> r.bucket(slug).key("k").tagging("keep=me"), RequestBody.fromString("x"));
    List<Tag> eleven = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      eleven.add(tag("t" + i, "v"));
    }
    assertThat(refused(eleven)).isEqualTo("400 InvalidTag");
    assertThat(refused(List.of(tag("aws:reserved", "x")))).isEqualTo("400 InvalidTag");
    assertThat(refused(List.of(tag("k".repeat(129), "x")))).isEqualTo("400 InvalidTag");
    assertThat(refused(List.of(tag("k", "v".repeat(257))))).isEqualTo("400 InvalidTag");
    assertThat(refused(List.of(tag("a", "1"), tag("a", "2")))).isEqualTo("400 InvalidTag");
    assertThat(refused(List.of(tag("semi;colon", "x")))).isEqualTo("400 InvalidTag");
    assertThat(tags("k")).containsExactly(Map.entry("keep", "me"));
    assertThatThrownBy(() -> s3.putObject(r -> r.bucket(slug).key("k").tagging("a=1&a=2"), RequestBody.fromString("y")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidTag"));
    assertThat(get("k")).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> s3.copyObject(r -> r.sourceBucket(slug).sourceKey("k").destinationBucket(slug).destinationKey("c")
            .overrideConfiguration(o -> o.putHeader("x-amz-tagging-directive", "MERGE"))))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument"));
  }

  @Test
  void anotherTenantsObjectIsOutOfReachAndAReadOnlyKeyOnlyReads() {
    s3.putObject(r -> r.bucket(slug).key("mine").tagging("owner=me"), RequestBody.fromString("x"));
    S3Fixture.Credential other = S3Fixture.tenant(silo, slug + "-other", null, null);
    try (S3Client theirs = SdkClients.client(silo.s3Url(), other.accessKeyId(), other.secret())) {
      assertThatThrownBy(() -> theirs.getObjectTagging(r -> r.bucket(slug).key("mine")))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket"));
      assertThatThrownBy(() -> theirs.putObjectTagging(r -> r.bucket(slug).key("mine").tagging(t -> t.tagSet(tag("owner", "them")))))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket"));
    }
    JsonNode key = cred.api().post("/v1/s3-credentials", "{\"description\":\"ro\",\"scopes\":[\"read\"]}").json();
    try (S3Client readOnly = SdkClients.client(silo.s3Url(), key.path("access_key_id").asText(), key.path("secret_access_key").asText())) {
      assertThat(tags(readOnly.getObjectTagging(r -> r.bucket(slug).key("mine")))).containsExactly(Map.entry("owner", "me"));
      assertThatThrownBy(() -> readOnly.deleteObjectTagging(r -> r.bucket(slug).key("mine")))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }
    assertThat(tags("mine")).containsExactly(Map.entry("owner", "me"));
  }

  /** One object's tags through both APIs: S3's seen by REST's object view, REST's PATCH seen by S3, neither changing updated_at. */
  @Test
  void theRestApiShowsAndSetsTheSameTags() {
    s3.putObject(r -> r.bucket(slug).key("both.txt").tagging("via=s3"), RequestBody.fromString("x"));
    var api = cred.api();
    var info = api.get("/v1/info/both.txt?bucket=" + slug).json();
    assertThat(info.path("tags").path("via").asText()).isEqualTo("s3");
    String updated = info.path("updated_at").asText();
    var listed = api.get("/v1/objects?bucket=" + slug).json().path("items");
    assertThat(listed.get(0).has("tags")).as("listings do not read tags").isFalse();

    var patched = api.patch("/v1/info/both.txt?bucket=" + slug, "{\"tags\":{\"via\":\"rest\",\"state\":\"done\"}}");
    assertThat(patched.status()).as("%s", patched).isEqualTo(200);
    assertThat(patched.json().path("tags").path("state").asText()).isEqualTo("done");
    assertThat(patched.json().path("updated_at").asText()).as("tags leave the modification time").isEqualTo(updated);
    assertThat(tags("both.txt")).containsExactly(Map.entry("via", "rest"), Map.entry("state", "done"));

    var refused = api.patch("/v1/info/both.txt?bucket=" + slug, "{\"acl\":\"public\",\"tags\":{\"aws:x\":\"y\"}}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("error").path("code").asText()).isEqualTo("invalid_tag");
    assertThat(api.get("/v1/info/both.txt?bucket=" + slug).json().path("acl").asText()).as("nothing changed").isEqualTo("private");
  }

  @Test
  void awsCliSetsAndReadsTags() throws Exception {
    s3.putObject(r -> r.bucket(slug).key("cli.txt"), RequestBody.fromString("x"));
    S3Fixture.s3api(silo, dir, cred, "put-object-tagging", "--bucket", slug, "--key", "cli.txt",
        "--tagging", "TagSet=[{Key=env,Value=prod},{Key=owner,Value=ops team}]").ok();
    JsonNode got = new ObjectMapper().readTree(S3Fixture.s3api(silo, dir, cred, "get-object-tagging", "--bucket", slug, "--key", "cli.txt").ok().out());
    assertThat(got.path("TagSet")).hasSize(2);
    assertThat(got.path("TagSet").get(1).path("Value").asText()).isEqualTo("ops team");
  }

  private String refused(List<Tag> tagSet) {
    try {
      s3.putObjectTagging(r -> r.bucket(slug).key("k").tagging(t -> t.tagSet(tagSet)));
      return "accepted";
    } catch (S3Exception e) {
      return e.statusCode() + " " + e.awsErrorDetails().errorCode();
    }
  }
}
