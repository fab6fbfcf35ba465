package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Two tenants' S3 credentials against every operation: a bucket another tenant owns is
 * NoSuchBucket, exactly like one that does not exist, even when both tenants have a bucket of
 * that name; a bucket-scoped credential gets AccessDenied outside its bucket; forged, unknown,
 * revoked and expired credentials are refused with S3's codes.
 */
@ExtendWith(NoErrorLogs.class)
class S3IsolationTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static S3Fixture.Credential alice;
  static S3Fixture.Credential bob;
  static S3Fixture.Credential aliceScoped;
  static S3Client a;
  static S3Client b;
  static S3Client scoped;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("silo"));
    alice = S3Fixture.tenant(silo, "alice", "{\"max_buckets\":3}", null);
    bob = S3Fixture.tenant(silo, "bob", "{\"max_buckets\":3}", null);
    a = SdkClients.client(silo.s3Url(), alice.accessKeyId(), alice.secret());
    b = SdkClients.client(silo.s3Url(), bob.accessKeyId(), bob.secret());
    a.createBucket(r -> r.bucket("photos"));
    b.createBucket(r -> r.bucket("photos"));
    b.createBucket(r -> r.bucket("bob-private"));
    a.putObject(r -> r.bucket("photos").key("cat.jpg"), RequestBody.fromString("alice's cat"));
    b.putObject(r -> r.bucket("photos").key("cat.jpg"), RequestBody.fromString("bob's cat"));
    b.putObject(r -> r.bucket("bob-private").key("secret.txt"), RequestBody.fromString("bob only"));
    aliceScoped = S3Fixture.credential(alice.api(), "photos");
    scoped = SdkClients.client(silo.s3Url(), aliceScoped.accessKeyId(), aliceScoped.secret());
  }

  @AfterAll
  static void stop() throws Exception {
    for (S3Client c : new S3Client[] {a, b, scoped}) {
      if (c != null) {
        c.close();
      }
    }
    if (silo != null) {
      silo.close();
    }
  }

  static String code(Runnable r) {
    try {
      r.run();
      return "ok";
    } catch (S3Exception e) {
      String code = e.awsErrorDetails().errorCode();
      return code == null || code.isEmpty() ? String.valueOf(e.statusCode()) : code;
    }
  }

  /** Every operation on a bucket, by a client that must not reach it. */
  static Map<String, Consumer<S3Client>> operationsOn(String bucket) {
    Map<String, Consumer<S3Client>> ops = new LinkedHashMap<>();
    ops.put("HeadBucket", c -> c.headBucket(r -> r.bucket(bucket)));
    ops.put("GetBucketLocation", c -> c.getBucketLocation(r -> r.bucket(bucket)));
    ops.put("ListObjectsV2", c -> c.listObjectsV2(r -> r.bucket(bucket)));
    ops.put("ListObjects", c -> c.listObjects(r -> r.bucket(bucket)));
    ops.put("ListObjectVersions", c -> c.listObjectVersions(r -> r.bucket(bucket)));
    ops.put("GetBucketVersioning", c -> c.getBucketVersioning(r -> r.bucket(bucket)));
    ops.put("PutBucketVersioning", c -> c.putBucketVersioning(r -> r.bucket(bucket)
        .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED))));
    ops.put("GetBucketLifecycleConfiguration", c -> c.getBucketLifecycleConfiguration(r -> r.bucket(bucket)));
    ops.put("PutBucketLifecycleConfiguration", c -> c.putBucketLifecycleConfiguration(r -> r.bucket(bucket)
        .lifecycleConfiguration(l -> l.rules(software.amazon.awssdk.services.s3.model.LifecycleRule.builder().id("x")
            .status("Enabled").filter(f -> f.prefix("")).expiration(e -> e.days(1)).build()))));
    ops.put("DeleteBucketLifecycle", c -> c.deleteBucketLifecycle(r -> r.bucket(bucket)));
    ops.put("ListMultipartUploads", c -> c.listMultipartUploads(r -> r.bucket(bucket)));
    ops.put("HeadObject", c -> c.headObject(r -> r.bucket(bucket).key("secret.txt")));
    ops.put("GetObject", c -> c.getObjectAsBytes(r -> r.bucket(bucket).key("secret.txt")));
    ops.put("PutObject", c -> c.putObject(r -> r.bucket(bucket).key("planted.txt"), RequestBody.fromString("x")));
    ops.put("CopyObject", c -> c.copyObject(r -> r.sourceBucket(bucket).sourceKey("secret.txt").destinationBucket("photos").destinationKey("stolen")));
    ops.put("DeleteObject", c -> c.deleteObject(r -> r.bucket(bucket).key("secret.txt")));
    ops.put("DeleteObjects", c -> c.deleteObjects(r -> r.bucket(bucket).delete(Delete.builder()
        .objects(List.of(ObjectIdentifier.builder().key("secret.txt").build())).build())));
    ops.put("GetObjectAttributes", c -> c.getObjectAttributes(r -> r.bucket(bucket).key("secret.txt")
        .objectAttributes(software.amazon.awssdk.services.s3.model.ObjectAttributes.OBJECT_SIZE)));
    ops.put("GetObjectTagging", c -> c.getObjectTagging(r -> r.bucket(bucket).key("secret.txt")));
    ops.put("PutObjectTagging", c -> c.putObjectTagging(r -> r.bucket(bucket).key("secret.txt")
        .tagging(t -> t.tagSet(software.amazon.awssdk.services.s3.model.Tag.builder().key("k").value("v").build()))));
    ops.put("DeleteObjectTagging", c -> c.deleteObjectTagging(r -> r.bucket(bucket).key("secret.txt")));
    ops.put("GetBucketPolicy", c -> c.getBucketPolicy(r -> r.bucket(bucket)));
    ops.put("GetBucketLogging", c -> c.getBucketLogging(r -> r.bucket(bucket)));
    ops.put("GetBucketAcl", c -> c.getBucketAcl(r -> r.bucket(bucket)));
    ops.put("GetObjectAcl", c -> c.getObjectAcl(r -> r.bucket(bucket).key("secret.txt")));
    ops.put("PutBucketAcl", c -> c.putBucketAcl(r -> r.bucket(bucket).acl(software.amazon.awssdk.services.s3.model.BucketCannedACL.PRIVATE)));
    ops.put("PutObjectAcl", c -> c.putObjectAcl(r -> r.bucket(bucket).key("secret.txt")
        .acl(software.amazon.awssdk.services.s3.model.ObjectCannedACL.PUBLIC_READ)));
    ops.put("GetBucketTagging", c -> c.getBucketTagging(r -> r.bucket(bucket)));
    ops.put("PutBucketTagging", c -> c.putBucketTagging(r -> r.bucket(bucket)
        .tagging(t -> t.tagSet(software.amazon.awssdk.services.s3.model.Tag.builder().key("k").value("v").build()))));
    ops.put("DeleteBucketTagging", c -> c.deleteBucketTagging(r -> r.bucket(bucket)));
    ops.put("GetObjectLockConfiguration", c -> c.getObjectLockConfiguration(r -> r.bucket(bucket)));
    ops.put("PutObjectLockConfiguration", c -> c.putObjectLockConfiguration(r -> r.bucket(bucket)
        .objectLockConfiguration(l -> l.objectLockEnabled("Enabled"))));
    ops.put("GetObjectRetention", c -> c.getObjectRetention(r -> r.bucket(bucket).key("secret.txt")));
    ops.put("PutObjectRetention", c -> c.putObjectRetention(r -> r.bucket(bucket).key("secret.txt")
        .retention(t -> t.mode("GOVERNANCE").retainUntilDate(java.time.Instant.now().plusSeconds(86_400)))));
    ops.put("GetObjectLegalHold", c -> c.getObjectLegalHold(r -> r.bucket(bucket).key("secret.txt")));
    ops.put("PutObjectLegalHold", c -> c.putObjectLegalHold(r -> r.bucket(bucket).key("secret.txt").legalHold(h -> h.status("ON"))));
    ops.put("CreateMultipartUpload", c -> c.createMultipartUpload(r -> r.bucket(bucket).key("mp")));
    ops.put("ListParts", c -> c.listParts(r -> r.bucket(bucket).key("mp").uploadId("mpu_x")));
    ops.put("CompleteMultipartUpload", c -> c.completeMultipartUpload(r -> r.bucket(bucket).key("mp").uploadId("mpu_x")
        .multipartUpload(CompletedMultipartUpload.builder().build())));
    ops.put("AbortMultipartUpload", c -> c.abortMultipartUpload(r -> r.bucket(bucket).key("mp").uploadId("mpu_x")));
    ops.put("DeleteBucket", c -> c.deleteBucket(r -> r.bucket(bucket)));
    return ops;
  }

  @Test
  void anotherTenantsBucketIsNoSuchBucketForEveryOperation() {
    Map<String, String> seen = new LinkedHashMap<>();
    operationsOn("bob-private").forEach((op, call) -> seen.put(op, code(() -> call.accept(a))));
    Map<String, String> missing = new LinkedHashMap<>();
    operationsOn("no-such-bucket").forEach((op, call) -> missing.put(op, code(() -> call.accept(a))));
    assertThat(seen).as("another tenant's bucket answers exactly like a missing one").isEqualTo(missing);
    // a HEAD's 404 has no body (the SDK calls it NoSuchKey); an empty completion is malformed first
    seen.remove("HeadObject");
    seen.remove("CompleteMultipartUpload");
    assertThat(seen.values()).allMatch(c -> c.equals("NoSuchBucket") || c.equals("404"), "NoSuchBucket everywhere: " + seen);
    // and nothing happened to bob's data
    assertThat(b.getObjectAsBytes(r -> r.bucket("bob-private").key("secret.txt")).asUtf8String()).isEqualTo("bob only");
    assertThat(b.listObjectsV2(r -> r.bucket("bob-private")).keyCount()).isEqualTo(1);
    assertThat(silo.anonymous().get("/v1/public/bob/secret.txt?bucket=bob-private").status()).as("still private").isEqualTo(404);
  }

  /**
   * Bob's version ids, used by Alice on her own bucket and key of the same names (both version photos): NoSuchVersion on
   * every read and copy, and a delete by his id deletes nothing of his (S3 answers a delete of a
   * version the key does not have with 204).
   */
  @Test
  void anotherTenantsVersionIdsAreNoSuchVersion() {
    for (S3Client c : new S3Client[] {a, b}) {
      c.putBucketVersioning(r -> r.bucket("photos").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }
    a.putObject(r -> r.bucket("photos").key("versioned-doc"), RequestBody.fromString("alice 1"));
    String bobOld = b.putObject(r -> r.bucket("photos").key("versioned-doc"), RequestBody.fromString("bob 1")).versionId();
    b.putObject(r -> r.bucket("photos").key("versioned-doc"), RequestBody.fromString("bob 2"));
    String bobMarker = b.deleteObject(r -> r.bucket("photos").key("versioned-doc")).versionId();

    Map<String, String> seen = new LinkedHashMap<>();
    for (String v : List.of(bobOld, bobMarker)) {
      seen.put("GetObject " + v, code(() -> a.getObjectAsBytes(r -> r.bucket("photos").key("versioned-doc").versionId(v))));
      seen.put("HeadObject " + v, code(() -> a.headObject(r -> r.bucket("photos").key("versioned-doc").versionId(v))));
      seen.put("CopyObject " + v, code(() -> a.copyObject(r -> r.sourceBucket("photos").sourceKey("versioned-doc").sourceVersionId(v)
          .destinationBucket("photos").destinationKey("stolen"))));
      seen.put("ListObjectVersions " + v, code(() -> a.listObjectVersions(r -> r.bucket("photos").keyMarker("versioned-doc").versionIdMarker(v))));
    }
    // a HEAD's 404 has no body: the SDK calls it NoSuchKey; a listing after an id it does not know just lists
    seen.forEach((op, c) -> assertThat(c).as(op).isEqualTo(
        op.startsWith("HeadObject") ? "NoSuchKey" : op.startsWith("ListObjectVersions") ? "ok" : "NoSuchVersion"));
    // listing Alice's own bucket after Bob's id shows none of Bob's versions
    assertThat(a.listObjectVersions(r -> r.bucket("photos")).versions()).extracting(v -> v.versionId())
        .doesNotContain(bobOld);
    // deleting by Bob's ids deletes nothing of Bob's (and nothing of Alice's)
    a.deleteObject(r -> r.bucket("photos").key("versioned-doc").versionId(bobOld));
    a.deleteObject(r -> r.bucket("photos").key("versioned-doc").versionId(bobMarker));
    a.deleteObjects(r -> r.bucket("photos").delete(Delete.builder()
        .objects(ObjectIdentifier.builder().key("versioned-doc").versionId(bobOld).build()).build()));
    assertThat(b.getObjectAsBytes(r -> r.bucket("photos").key("versioned-doc").versionId(bobOld)).asUtf8String()).isEqualTo("bob 1");
    assertThat(b.listObjectVersions(r -> r.bucket("photos")).deleteMarkers()).extracting(m -> m.versionId())
        .containsExactly(bobMarker);
    assertThat(a.getObjectAsBytes(r -> r.bucket("photos").key("versioned-doc")).asUtf8String()).isEqualTo("alice 1");
  }

  @Test
  void bucketNamesResolveWithinTheCredentialsTenant() {
    assertThat(a.getObjectAsBytes(r -> r.bucket("photos").key("cat.jpg")).asUtf8String()).isEqualTo("alice's cat");
    assertThat(b.getObjectAsBytes(r -> r.bucket("photos").key("cat.jpg")).asUtf8String()).isEqualTo("bob's cat");
    assertThat(a.listBuckets().buckets()).extracting(x -> x.name()).containsExactly("alice", "photos");
    assertThat(b.listBuckets().buckets()).extracting(x -> x.name()).containsExactly("bob", "bob-private", "photos");
  }

  @Test
  void aBucketScopedCredentialIsDeniedOutsideItsBucket() {
    assertThat(scoped.listBuckets().buckets()).extracting(x -> x.name()).containsExactly("photos");
    assertThat(scoped.getObjectAsBytes(r -> r.bucket("photos").key("cat.jpg")).asUtf8String()).isEqualTo("alice's cat");
    Map<String, String> own = new LinkedHashMap<>();
    operationsOn("alice").forEach((op, call) -> own.put(op, code(() -> call.accept(scoped))));
    assertThat(own.values()).as("%s", own).allMatch(c -> c.equals("AccessDenied") || c.equals("403"));
    assertThat(code(() -> scoped.createBucket(r -> r.bucket("elsewhere")))).isEqualTo("AccessDenied");
    assertThat(code(() -> scoped.copyObject(r -> r.sourceBucket("alice").sourceKey("x").destinationBucket("photos").destinationKey("y"))))
        .isEqualTo("AccessDenied");
    assertThat(code(() -> scoped.getObjectAsBytes(r -> r.bucket("bob-private").key("secret.txt")))).isEqualTo("AccessDenied");
  }

  @Test
  void forgedUnknownRevokedAndExpiredCredentialsAreRefused() throws Exception {
    try (S3Client forged = SdkClients.client(silo.s3Url(), alice.accessKeyId(), bob.secret());
        S3Client unknown = SdkClients.client(silo.s3Url(), "SILO1AAAAAAAAAAAAAAA", alice.secret());
        S3Client aws = SdkClients.client(silo.s3Url(), "AKIAIOSFODNN7EXAMPLE", alice.secret())) {
      assertThat(code(forged::listBuckets)).isEqualTo("SignatureDoesNotMatch");
      assertThat(code(unknown::listBuckets)).isEqualTo("InvalidAccessKeyId");
      assertThat(code(aws::listBuckets)).isEqualTo("InvalidAccessKeyId");
    }
    HttpResponse<String> anonymous =
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(silo.s3Url() + "/photos/cat.jpg")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(403);
    assertThat(anonymous.body()).contains("<Code>AccessDenied</Code>").contains("<RequestId>");

    S3Fixture.Credential temp = S3Fixture.credential(alice.api(), null);
    try (S3Client c = SdkClients.client(silo.s3Url(), temp.accessKeyId(), temp.secret());
        S3Presigner p = SdkClients.presigner(silo.s3Url(), temp.accessKeyId(), temp.secret())) {
      assertThat(c.listBuckets().buckets()).isNotEmpty();
      URI url = p.presignGetObject(r -> r.signatureDuration(Duration.ofSeconds(1))
          .getObjectRequest(g -> g.bucket("photos").key("cat.jpg"))).url().toURI();
      Thread.sleep(2100);
      HttpResponse<String> expired = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(expired.statusCode()).isEqualTo(403);
      assertThat(expired.body()).contains("<Code>AccessDenied</Code>");

      assertThat(alice.api().delete("/v1/s3-credentials/" + temp.accessKeyId()).status()).isEqualTo(204);
      assertThat(code(c::listBuckets)).as("revocation holds at once").isEqualTo("InvalidAccessKeyId");
    }
  }

  @Test
  void credentialsAreListedWithoutSecretsAndMountInfoDescribesTheEndpoint() {
    Api.Resp list = alice.api().get("/v1/s3-credentials");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body()).contains(alice.accessKeyId()).doesNotContain(alice.secret()).doesNotContain("secret");
    assertThat(bob.api().get("/v1/s3-credentials").body()).doesNotContain(alice.accessKeyId());
    assertThat(bob.api().delete("/v1/s3-credentials/" + alice.accessKeyId()).status()).isEqualTo(404);
    assertThat(bob.api().post("/v1/s3-credentials", "{\"bucket\":\"alice\"}").status()).as("another tenant's bucket").isEqualTo(404);

    var info = alice.api().get("/v1/mount-info").json();
    assertThat(info.get("tenant").asText()).isEqualTo("alice");
    assertThat(info.get("bucket").asText()).isEqualTo("alice");
    assertThat(info.get("endpoint").asText()).isEqualTo(silo.s3Url());
    assertThat(info.get("region").asText()).isEqualTo("us-east-1");
    assertThat(info.get("has_credentials").asBoolean()).isTrue();

    Api.Resp byOperator = silo.operator().post("/v1/tenants/bob/s3-credentials", "{\"description\":\"ops\"}");
    assertThat(byOperator.status()).isEqualTo(201);
    String id = byOperator.json().get("access_key_id").asText();
    assertThat(silo.operator().get("/v1/tenants/bob/s3-credentials").body()).contains(id);
    assertThat(silo.operator().delete("/v1/tenants/alice/s3-credentials/" + id).status()).isEqualTo(404);
    assertThat(silo.operator().delete("/v1/tenants/bob/s3-credentials/" + id).status()).isEqualTo(204);
    assertThat(silo.operator().get("/v1/audit?tenant=bob").status()).isIn(200, 403, 404);
  }
}
