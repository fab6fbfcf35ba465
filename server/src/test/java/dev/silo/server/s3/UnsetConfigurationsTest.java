package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetBucketAclResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.Payer;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.Type;

/**
 * What tools that read every setting of a bucket get for the settings Silo has none of: S3's
 * answers for a bucket without them (404 with S3's code, or an empty document), with the AWS SDK
 * and aws-cli; the canned ACLs read as S3's documents; setting any of the others still 501.
 */
@ExtendWith(NoErrorLogs.class)
class UnsetConfigurationsTest extends TenantPerTest {
  @Override
  String prefix() {
    return "unset";
  }

  @Override
  String limits() {
    return null;
  }

  @Test
  void aBucketWithoutASettingReadsAsOneOnS3() {
    assertThat(S3Fixture.outcome(() -> s3.getBucketPolicy(r -> r.bucket(slug)))).isEqualTo("404 NoSuchBucketPolicy");
    assertThat(S3Fixture.outcome(() -> s3.getBucketWebsite(r -> r.bucket(slug)))).isEqualTo("404 NoSuchWebsiteConfiguration");
    assertThat(S3Fixture.outcome(() -> s3.getBucketReplication(r -> r.bucket(slug)))).isEqualTo("404 ReplicationConfigurationNotFoundError");
    assertThat(S3Fixture.outcome(() -> s3.getBucketOwnershipControls(r -> r.bucket(slug)))).isEqualTo("404 OwnershipControlsNotFoundError");
    assertThat(S3Fixture.outcome(() -> s3.getPublicAccessBlock(r -> r.bucket(slug)))).isEqualTo("404 NoSuchPublicAccessBlockConfiguration");
    assertThat(s3.getBucketLogging(r -> r.bucket(slug)).loggingEnabled()).isNull();
    assertThat(s3.getBucketAccelerateConfiguration(r -> r.bucket(slug)).status()).isNull();
    assertThat(s3.getBucketNotificationConfiguration(r -> r.bucket(slug)).queueConfigurations()).isEmpty();
    assertThat(s3.getBucketRequestPayment(r -> r.bucket(slug)).payer()).isEqualTo(Payer.BUCKET_OWNER);
    assertThat(S3Fixture.outcome(() -> s3.getBucketPolicy(r -> r.bucket("no-such-bucket")))).isEqualTo("404 NoSuchBucket");
    assertThat(S3Fixture.outcome(() -> s3.putBucketPolicy(r -> r.bucket(slug).policy("{}")))).as("setting one").isEqualTo("501 NotImplemented");
  }

  @Test
  void theCannedAclsReadAsS3Documents() throws Exception {
    GetBucketAclResponse bucket = s3.getBucketAcl(r -> r.bucket(slug));
    assertThat(bucket.grants()).singleElement().satisfies(g -> {
      assertThat(g.permission()).isEqualTo(Permission.FULL_CONTROL);
      assertThat(g.grantee().type()).isEqualTo(Type.CANONICAL_USER);
      assertThat(g.grantee().id()).isEqualTo(bucket.owner().id());
    });
    s3.putObject(r -> r.bucket(slug).key("public.txt").acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString("p"));
    s3.putObject(r -> r.bucket(slug).key("private.txt"), RequestBody.fromString("q"));
    assertThat(s3.getObjectAcl(r -> r.bucket(slug).key("public.txt")).grants())
        .extracting(Grant::permission).containsExactly(Permission.FULL_CONTROL, Permission.READ);
    assertThat(s3.getObjectAcl(r -> r.bucket(slug).key("public.txt")).grants().get(1).grantee().uri())
        .isEqualTo("http://acs.amazonaws.com/groups/global/AllUsers");
    assertThat(s3.getObjectAcl(r -> r.bucket(slug).key("private.txt")).grants()).hasSize(1);
    assertThat(S3Fixture.outcome(() -> s3.getObjectAcl(r -> r.bucket(slug).key("missing.txt")))).isEqualTo("404 NoSuchKey");

    assertThat(S3Fixture.s3api(silo, dir, cred, "get-bucket-acl", "--bucket", slug).ok().out()).contains("FULL_CONTROL");
  }
}
