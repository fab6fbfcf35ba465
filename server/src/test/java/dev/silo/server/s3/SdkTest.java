package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.server.it.TestSilo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The AWS SDK for Java v2 as a third real client, including presigned PUT and GET. */
@ExtendWith(NoErrorLogs.class)
class SdkTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static S3Fixture.Credential cred;
  static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("silo"));
    cred = S3Fixture.tenant(silo, "sdk", "{\"max_buckets\":2}", null);
    s3 = SdkClients.client(silo.s3Url(), cred.accessKeyId(), cred.secret());
  }

  @AfterAll
  static void stop() throws Exception {
    if (s3 != null) {
      s3.close();
    }
    if (silo != null) {
      silo.close();
    }
  }

  static int status(Runnable r) {
    try {
      r.run();
      return 200;
    } catch (S3Exception e) {
      return e.statusCode();
    }
  }

  static String code(Runnable r) {
    try {
      r.run();
      return "none";
    } catch (S3Exception e) {
      return e.awsErrorDetails().errorCode();
    }
  }

  @Test
  void bucketsObjectsMetadataRangesAndConditions() {
    assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).containsExactly("sdk");
    s3.createBucket(b -> b.bucket("sdk")); // owned already: 200 in us-east-1, as S3 answers there
    s3.createBucket(b -> b.bucket("second"));
    assertThat(code(() -> s3.createBucket(b -> b.bucket("third")))).isEqualTo("TooManyBuckets");
    s3.headBucket(b -> b.bucket("second"));
    assertThat(s3.getBucketLocation(b -> b.bucket("second")).locationConstraintAsString()).isEmpty();

    s3.putObject(b -> b.bucket("sdk").key("docs/hello.txt").contentType("text/plain; charset=utf-8")
            .metadata(Map.of("author", "Zoë Ångström", "mtime", "1700000000")),
        RequestBody.fromString("hello, world"));
    HeadObjectResponse head = s3.headObject(b -> b.bucket("sdk").key("docs/hello.txt"));
    assertThat(head.contentLength()).isEqualTo(12);
    assertThat(head.contentType()).startsWith("text/plain");
    assertThat(head.metadata()).containsEntry("author", "Zoë Ångström").containsEntry("mtime", "1700000000");
    String etag = head.eTag();

    ResponseBytes<GetObjectResponse> part = s3.getObjectAsBytes(b -> b.bucket("sdk").key("docs/hello.txt").range("bytes=7-11"));
    assertThat(part.asUtf8String()).isEqualTo("world");
    assertThat(part.response().contentRange()).isEqualTo("bytes 7-11/12");
    ResponseBytes<GetObjectResponse> overridden =
        s3.getObjectAsBytes(b -> b.bucket("sdk").key("docs/hello.txt").responseContentDisposition("attachment; filename=x.txt"));
    assertThat(overridden.response().contentDisposition()).isEqualTo("attachment; filename=x.txt");
    assertThat(status(() -> s3.getObject(b -> b.bucket("sdk").key("docs/hello.txt").ifNoneMatch(etag)))).isEqualTo(304);
    assertThat(code(() -> s3.getObject(b -> b.bucket("sdk").key("docs/hello.txt").ifMatch("\"nope\"")))).isEqualTo("PreconditionFailed");
    assertThat(code(() -> s3.putObject(b -> b.bucket("sdk").key("docs/hello.txt").ifNoneMatch("*"), RequestBody.fromString("x"))))
        .isEqualTo("PreconditionFailed");
    assertThat(code(() -> s3.getObject(b -> b.bucket("sdk").key("docs/none.txt")))).isEqualTo("NoSuchKey");
    assertThat(code(() -> s3.getObject(b -> b.bucket("nobucket").key("x")))).isEqualTo("NoSuchBucket");
    assertThat(code(() -> s3.getObject(b -> b.bucket("sdk").key("docs/hello.txt").range("bytes=100-200")))).isEqualTo("InvalidRange");

    s3.copyObject(b -> b.sourceBucket("sdk").sourceKey("docs/hello.txt").destinationBucket("second").destinationKey("copied.txt"));
    assertThat(s3.getObjectAsBytes(b -> b.bucket("second").key("copied.txt")).asUtf8String()).isEqualTo("hello, world");
    assertThat(s3.headObject(b -> b.bucket("second").key("copied.txt")).metadata()).containsEntry("author", "Zoë Ångström");
    assertThat(code(() -> s3.deleteBucket(b -> b.bucket("second")))).isEqualTo("BucketNotEmpty");

    // the same object through REST
    assertThat(cred.api().get("/v1/objects/docs/hello.txt").body()).isEqualTo("hello, world");
    assertThat(cred.api().get("/v1/info/docs/hello.txt").json().path("metadata").path("author").asText()).isEqualTo("Zoë Ångström");

    s3.deleteObject(b -> b.bucket("second").key("copied.txt"));
    s3.deleteObject(b -> b.bucket("second").key("never-existed"));
    s3.deleteBucket(b -> b.bucket("second"));
    assertThat(code(() -> s3.headBucket(b -> b.bucket("second")))).isIn("NoSuchBucket", "404");
  }

  @Test
  void listingPagesWithDelimiterAndDeleteObjects() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      keys.add("list/f" + i + ".txt");
    }
    keys.add("list/sub/a.txt");
    keys.add("list/sub/b.txt");
    keys.add("list/zz/c.txt");
    keys.add("list/with space+plus.txt");
    for (String k : keys) {
      s3.putObject(b -> b.bucket("sdk").key(k), RequestBody.fromString(k));
    }
    List<String> seen = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String t = token;
      ListObjectsV2Response r =
          s3.listObjectsV2(b -> b.bucket("sdk").prefix("list/").delimiter("/").maxKeys(3).continuationToken(t).encodingType("url"));
      r.contents().forEach(o -> seen.add(o.key()));
      r.commonPrefixes().forEach(p -> prefixes.add(p.prefix()));
      token = r.isTruncated() ? r.nextContinuationToken() : null;
      pages++;
    } while (token != null);
    assertThat(pages).isGreaterThan(2);
    assertThat(prefixes).containsExactly("list/sub/", "list/zz/");
    assertThat(seen).hasSize(8).contains("list/with space+plus.txt");

    List<String> v1 = new ArrayList<>();
    String marker = null;
    do {
      String m = marker;
      var r = s3.listObjects(b -> b.bucket("sdk").prefix("list/").maxKeys(4).marker(m));
      r.contents().forEach(o -> v1.add(o.key()));
      marker = r.isTruncated() ? r.nextMarker() : null;
    } while (marker != null);
    assertThat(v1).hasSize(keys.size());
    assertThat(s3.listObjectVersions(b -> b.bucket("sdk").prefix("list/sub/")).versions())
        .allSatisfy(v -> assertThat(v.versionId()).isEqualTo("null"))
        .hasSize(2);

    var deleted =
        s3.deleteObjects(b -> b.bucket("sdk").delete(Delete.builder()
            .objects(keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList()).build()));
    assertThat(deleted.deleted()).hasSize(keys.size());
    assertThat(deleted.errors()).isEmpty();
    assertThat(s3.listObjectsV2(b -> b.bucket("sdk").prefix("list/")).keyCount()).isZero();
  }

  @Test
  void multipartUploadCopyListAbortAndComplete() {
    byte[] part1 = new byte[5 * 1024 * 1024];
    new java.util.Random(1).nextBytes(part1);
    byte[] part2 = "the tail".getBytes(StandardCharsets.UTF_8);
    String id = s3.createMultipartUpload(b -> b.bucket("sdk").key("mp/joined.bin").contentType("application/x-test")).uploadId();
    String e1 = s3.uploadPart(b -> b.bucket("sdk").key("mp/joined.bin").uploadId(id).partNumber(1), RequestBody.fromBytes(part1)).eTag();
    String e2 = s3.uploadPart(b -> b.bucket("sdk").key("mp/joined.bin").uploadId(id).partNumber(2), RequestBody.fromBytes(part2)).eTag();
    assertThat(s3.listParts(b -> b.bucket("sdk").key("mp/joined.bin").uploadId(id)).parts()).hasSize(2);
    assertThat(s3.listMultipartUploads(b -> b.bucket("sdk")).uploads()).extracting(u -> u.uploadId()).contains(id);
    assertThat(code(() -> s3.completeMultipartUpload(b -> b.bucket("sdk").key("mp/joined.bin").uploadId(id)
        .multipartUpload(CompletedMultipartUpload.builder().parts(
            CompletedPart.builder().partNumber(1).eTag("\"00000000000000000000000000000000\"").build()).build()))))
        .isEqualTo("InvalidPart");
    String etag =
        s3.completeMultipartUpload(b -> b.bucket("sdk").key("mp/joined.bin").uploadId(id)
                .multipartUpload(CompletedMultipartUpload.builder().parts(
                    CompletedPart.builder().partNumber(1).eTag(e1).build(),
                    CompletedPart.builder().partNumber(2).eTag(e2).build()).build()))
            .eTag();
    assertThat(etag).matches("\"[0-9a-f]{32}-2\"");
    byte[] whole = s3.getObjectAsBytes(b -> b.bucket("sdk").key("mp/joined.bin")).asByteArray();
    assertThat(whole).hasSize(part1.length + part2.length);
    assertThat(java.util.Arrays.copyOfRange(whole, part1.length, whole.length)).isEqualTo(part2);
    assertThat(s3.headObject(b -> b.bucket("sdk").key("mp/joined.bin")).eTag()).isEqualTo(etag);
    assertThat(s3.headObject(b -> b.bucket("sdk").key("mp/joined.bin").ifMatch(etag)).contentType()).isEqualTo("application/x-test");
    assertThat(code(() -> s3.listParts(b -> b.bucket("sdk").key("mp/joined.bin").uploadId(id)))).isEqualTo("NoSuchUpload");

    // UploadPartCopy of a range, then abort
    String id2 = s3.createMultipartUpload(b -> b.bucket("sdk").key("mp/copy.bin")).uploadId();
    var copied = s3.uploadPartCopy(b -> b.sourceBucket("sdk").sourceKey("mp/joined.bin").destinationBucket("sdk")
        .destinationKey("mp/copy.bin").uploadId(id2).partNumber(1).copySourceRange("bytes=0-1023"));
    assertThat(copied.copyPartResult().eTag()).isNotBlank();
    s3.abortMultipartUpload(b -> b.bucket("sdk").key("mp/copy.bin").uploadId(id2));
    assertThat(code(() -> s3.listParts(b -> b.bucket("sdk").key("mp/copy.bin").uploadId(id2)))).isEqualTo("NoSuchUpload");
  }

  @Test
  void presignedPutAndGet() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    try (S3Presigner presigner = SdkClients.presigner(silo.s3Url(), cred.accessKeyId(), cred.secret())) {
      URI put = presigner.presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(5))
          .putObjectRequest(r -> r.bucket("sdk").key("presigned/data.csv"))).url().toURI();
      HttpResponse<String> up =
          http.send(HttpRequest.newBuilder(put).PUT(HttpRequest.BodyPublishers.ofString("a,b\n1,2\n")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
      URI get = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
          .getObjectRequest(r -> r.bucket("sdk").key("presigned/data.csv"))).url().toURI();
      HttpResponse<String> down = http.send(HttpRequest.newBuilder(get).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(down.statusCode()).isEqualTo(200);
      assertThat(down.body()).isEqualTo("a,b\n1,2\n");
      // a presigned GET is not a PUT
      HttpResponse<String> misuse =
          http.send(HttpRequest.newBuilder(get).PUT(HttpRequest.BodyPublishers.ofString("evil")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(misuse.statusCode()).isEqualTo(403);
      assertThat(misuse.body()).contains("SignatureDoesNotMatch");
    }
  }

  @Test
  void unsupportedOperationsAnswerNotImplemented() {
    // (reads of what a bucket has none of answer as S3 does: UnsetConfigurationsTest)
    assertThatThrownBy(() -> s3.putBucketAcl(b -> b.bucket("sdk").acl(software.amazon.awssdk.services.s3.model.BucketCannedACL.PUBLIC_READ)))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(501);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotImplemented");
        });
    assertThat(code(() -> s3.putBucketPolicy(b -> b.bucket("sdk").policy("{}")))).isEqualTo("NotImplemented");
  }
}
