package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.Permission;

/**
 * PutObjectAcl and PutBucketAcl as S3 tools send them (the AWS SDK's canned ACLs and grant
 * headers, aws-cli's policy documents): an object made public is served under {@code
 * /v1/public/…} and made private again is not; what Silo has no notion of (another account's
 * grant, everyone writing, a public bucket) is 501 and changes nothing.
 */
@ExtendWith(NoErrorLogs.class)
class ObjectAclTest extends TenantPerTest {
  private static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";

  @Override
  String prefix() {
    return "acl";
  }

  @Override
  String limits() {
    return null;
  }

  private int publicStatus(String key) {
    return silo.anonymous().get("/v1/public/" + slug + "/" + key + "?bucket=" + slug).status();
  }

  @Test
  void aCannedAclMakesAnObjectPublicAndPrivateAgain() {
    s3.putObject(r -> r.bucket(slug).key("photo.txt"), RequestBody.fromString("a photo"));
    assertThat(publicStatus("photo.txt")).isEqualTo(404);

    s3.putObjectAcl(r -> r.bucket(slug).key("photo.txt").acl(ObjectCannedACL.PUBLIC_READ));
    assertThat(publicStatus("photo.txt")).isEqualTo(200);
    assertThat(s3.getObjectAcl(r -> r.bucket(slug).key("photo.txt")).grants())
        .anyMatch(g -> g.permission() == Permission.READ && ALL_USERS.equals(g.grantee().uri()));
    assertThat(s3.getObject(r -> r.bucket(slug).key("photo.txt"), software.amazon.awssdk.core.sync.ResponseTransformer.toBytes())
        .asUtf8String()).as("the bytes stay").isEqualTo("a photo");

    s3.putObjectAcl(r -> r.bucket(slug).key("photo.txt").acl(ObjectCannedACL.PRIVATE));
    assertThat(publicStatus("photo.txt")).isEqualTo(404);
    assertThat(s3.getObjectAcl(r -> r.bucket(slug).key("photo.txt")).grants()).hasSize(1);

    // the bucket's owner is the object's: what grants it the object is private
    s3.putObject(r -> r.bucket(slug).key("owned.txt").acl(ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL), RequestBody.fromString("o"));
    assertThat(publicStatus("owned.txt")).isEqualTo(404);
    assertThat(S3Fixture.outcome(() -> s3.putObjectAcl(r -> r.bucket(slug).key("missing.txt").acl(ObjectCannedACL.PUBLIC_READ))))
        .isEqualTo("404 NoSuchKey");
  }

  @Test
  void aPolicyDocumentOfTheOwnerAndEveryonesReadIsTakenAndNoOtherGrant() throws Exception {
    s3.putObject(r -> r.bucket(slug).key("doc.txt"), RequestBody.fromString("d"));
    String owner = s3.getObjectAcl(r -> r.bucket(slug).key("doc.txt")).owner().id();
    String policy = "{\"Owner\":{\"ID\":\"" + owner + "\"},\"Grants\":["
        + "{\"Grantee\":{\"Type\":\"CanonicalUser\",\"ID\":\"" + owner + "\"},\"Permission\":\"FULL_CONTROL\"},"
        + "{\"Grantee\":{\"Type\":\"Group\",\"URI\":\"" + ALL_USERS + "\"},\"Permission\":\"READ\"}]}";
    S3Fixture.s3api(silo, dir, cred, "put-object-acl", "--bucket", slug, "--key", "doc.txt", "--access-control-policy", policy).ok();
    assertThat(publicStatus("doc.txt")).isEqualTo(200);

    String writable = policy.replace("\"Permission\":\"READ\"", "\"Permission\":\"WRITE\"");
    String another = policy.replace("\"Type\":\"Group\",\"URI\":\"" + ALL_USERS + "\"", "\"Type\":\"CanonicalUser\",\"ID\":\"someone-else\"");
    for (String refused : new String[] {writable, another}) {
      S3Fixture.Run r = S3Fixture.s3api(silo, dir, cred, "put-object-acl", "--bucket", slug, "--key", "doc.txt", "--access-control-policy", refused);
      assertThat(r.exit()).isNotZero();
      assertThat(r.err()).contains("NotImplemented");
    }
    assertThat(S3Fixture.outcome(() -> s3.putObjectAcl(r -> r.bucket(slug).key("doc.txt").grantRead("id=someone-else"))))
        .as("a grant header").isEqualTo("501 NotImplemented");
    assertThat(publicStatus("doc.txt")).as("nothing refused changed it").isEqualTo(200);
  }

  @Test
  void aBucketIsPrivateAndStaysSo() {
    s3.putBucketAcl(r -> r.bucket(slug).acl(BucketCannedACL.PRIVATE));
    assertThat(S3Fixture.outcome(() -> s3.putBucketAcl(r -> r.bucket(slug).acl(BucketCannedACL.PUBLIC_READ)))).isEqualTo("501 NotImplemented");
    assertThat(S3Fixture.outcome(() -> s3.putBucketAcl(r -> r.bucket("no-such-bucket").acl(BucketCannedACL.PRIVATE)))).isEqualTo("404 NoSuchBucket");
    assertThat(s3.getBucketAcl(r -> r.bucket(slug)).grants()).hasSize(1);
  }

  @Test
  void theAclOfAnEarlierVersionIsNotSet() {
    s3.putBucketVersioning(r -> r.bucket(slug).versioningConfiguration(v -> v.status("Enabled")));
    String first = s3.putObject(r -> r.bucket(slug).key("v.txt"), RequestBody.fromString("1")).versionId();
    String second = s3.putObject(r -> r.bucket(slug).key("v.txt"), RequestBody.fromString("2")).versionId();
    assertThat(S3Fixture.outcome(() -> s3.putObjectAcl(r -> r.bucket(slug).key("v.txt").versionId(first).acl(ObjectCannedACL.PUBLIC_READ))))
        .isEqualTo("501 NotImplemented");
    assertThat(publicStatus("v.txt")).isEqualTo(404);
    s3.putObjectAcl(r -> r.bucket(slug).key("v.txt").versionId(second).acl(ObjectCannedACL.PUBLIC_READ));
    assertThat(publicStatus("v.txt")).isEqualTo(200);
  }
}
