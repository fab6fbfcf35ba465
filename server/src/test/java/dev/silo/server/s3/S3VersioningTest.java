package dev.silo.server.s3;

import static dev.silo.server.s3.S3Fixture.cmd;
import static dev.silo.server.s3.S3Fixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.silo.server.it.TestSilo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.MFADelete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3 versioning with real clients on SQLite + filesystem: the AWS SDK for Java v2 (bucket
 * versioning, version ids on writes and reads, delete markers, listing with markers, copy and
 * delete of versions), aws-cli's s3api and rclone's {@code --s3-versions}.
 */
@ExtendWith(NoErrorLogs.class)
class S3VersioningTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static S3Fixture.Credential cred;
  static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("silo"));
    cred = S3Fixture.tenant(silo, "versions", "{\"max_buckets\":10}", null);
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

  static void versionedBucket(String name) {
    s3.createBucket(r -> r.bucket(name));
    assertThat(s3.getBucketVersioning(r -> r.bucket(name)).status()).isNull(); // never versioned: no status
    s3.putBucketVersioning(r -> r.bucket(name).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
    assertThat(s3.getBucketVersioning(r -> r.bucket(name)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
  }

  static String put(String bucket, String key, String content) {
    return s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(content)).versionId();
  }

  static String get(String bucket, String key, String versionId) {
    return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key).versionId(versionId)).asUtf8String();
  }

  static S3Exception error(Runnable r) {
    try {
      r.run();
    } catch (S3Exception e) {
      return e;
    }
    throw new AssertionError("no error");
  }

  @Test
  void sdkOverwritesDeletesAndReadsVersions() {
    versionedBucket("sdkver");
    String v1 = put("sdkver", "doc.txt", "one");
    String v2 = put("sdkver", "doc.txt", "two!");
    assertThat(v1).isNotNull().isNotEqualTo("null").isNotEqualTo(v2);
    assertThat(v2).isNotNull().isNotEqualTo("null");

    ListObjectVersionsResponse l = s3.listObjectVersions(r -> r.bucket("sdkver").prefix("doc"));
    assertThat(l.versions()).extracting(ObjectVersion::versionId).containsExactly(v2, v1);
    assertThat(l.versions()).extracting(ObjectVersion::isLatest).containsExactly(true, false);
    assertThat(l.versions()).extracting(ObjectVersion::size).containsExactly(4L, 3L);
    assertThat(l.deleteMarkers()).isEmpty();

    var old = s3.getObjectAsBytes(r -> r.bucket("sdkver").key("doc.txt").versionId(v1));
    assertThat(old.asUtf8String()).isEqualTo("one");
    assertThat(old.response().versionId()).isEqualTo(v1);
    assertThat(s3.getObject(r -> r.bucket("sdkver").key("doc.txt")).response().versionId()).isEqualTo(v2);
    assertThat(s3.headObject(r -> r.bucket("sdkver").key("doc.txt").versionId(v1)).contentLength()).isEqualTo(3);

    // a delete without a version id writes a marker and names it
    var deleted = s3.deleteObject(r -> r.bucket("sdkver").key("doc.txt"));
    assertThat(deleted.deleteMarker()).isTrue();
    String marker = deleted.versionId();
    assertThat(marker).isNotNull().isNotIn(v1, v2);
    S3Exception gone = error(() -> get("sdkver", "doc.txt", null));
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
    assertThat(gone.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-delete-marker")).contains("true");
    assertThat(gone.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-version-id")).contains(marker);
    S3Exception onMarker = error(() -> get("sdkver", "doc.txt", marker));
    assertThat(onMarker.statusCode()).isEqualTo(405);
    assertThat(onMarker.awsErrorDetails().errorCode()).isEqualTo("MethodNotAllowed");
    assertThat(get("sdkver", "doc.txt", v1)).isEqualTo("one");

    l = s3.listObjectVersions(r -> r.bucket("sdkver"));
    assertThat(l.deleteMarkers()).extracting(DeleteMarkerEntry::versionId).containsExactly(marker);
    assertThat(l.deleteMarkers().getFirst().isLatest()).isTrue();
    assertThat(l.versions()).extracting(ObjectVersion::isLatest).containsExactly(false, false);

    // copy from a version
    var copied = s3.copyObject(r -> r.sourceBucket("sdkver").sourceKey("doc.txt").sourceVersionId(v1)
        .destinationBucket("sdkver").destinationKey("copy.txt"));
    assertThat(copied.copySourceVersionId()).isEqualTo(v1);
    assertThat(copied.versionId()).isNotNull().isNotIn(v1, v2, marker);
    assertThat(get("sdkver", "copy.txt", null)).isEqualTo("one");

    // deleting the marker brings v2 back; deleting v2 for good makes v1 current
    var unmarked = s3.deleteObject(r -> r.bucket("sdkver").key("doc.txt").versionId(marker));
    assertThat(unmarked.deleteMarker()).isTrue();
    assertThat(unmarked.versionId()).isEqualTo(marker);
    assertThat(get("sdkver", "doc.txt", null)).isEqualTo("two!");
    s3.deleteObject(r -> r.bucket("sdkver").key("doc.txt").versionId(v2));
    assertThat(get("sdkver", "doc.txt", null)).isEqualTo("one");
    assertThat(error(() -> get("sdkver", "doc.txt", v2)).awsErrorDetails().errorCode()).isEqualTo("NoSuchVersion");
    assertThat(s3.listObjectVersions(r -> r.bucket("sdkver").prefix("doc.txt")).versions())
        .extracting(ObjectVersion::versionId).containsExactly(v1);
  }

  @Test
  void invalidVersionIdsAndMfaDeleteAreRefused() {
    versionedBucket("badver");
    put("badver", "k", "x");
    S3Exception malformed = error(() -> get("badver", "k", "not-a-version"));
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
    S3Exception unknown = error(() -> get("badver", "k", "000000000000aaaaaaaaaaaaaaaaaaaa"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.awsErrorDetails().errorCode()).isEqualTo("NoSuchVersion");
    assertThat(error(() -> s3.listObjectVersions(r -> r.bucket("badver").versionIdMarker("000000000000aaaaaaaaaaaaaaaaaaaa")))
        .awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
    S3Exception mfa = error(() -> s3.putBucketVersioning(r -> r.bucket("badver")
        .versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED).mfaDelete(MFADelete.ENABLED))));
    assertThat(mfa.statusCode()).isEqualTo(501);
    assertThat(mfa.awsErrorDetails().errorMessage()).contains("MFA delete");
    // suspending is allowed; a bucket cannot go back to never versioned
    s3.putBucketVersioning(r -> r.bucket("badver").versioningConfiguration(c -> c.status(BucketVersioningStatus.SUSPENDED)));
    assertThat(s3.getBucketVersioning(r -> r.bucket("badver")).status()).isEqualTo(BucketVersioningStatus.SUSPENDED);
    assertThat(put("badver", "k", "suspended")).as("the null version is not named").isNull();
  }

  @Test
  void listingPagesWithKeyAndVersionIdMarkersAndDelimiter() {
    versionedBucket("pages");
    for (String k : List.of("a.txt", "dir/x", "dir/y", "z.txt")) {
      for (int i = 0; i < 3; i++) {
        put("pages", k, k + i);
      }
    }
    s3.deleteObject(r -> r.bucket("pages").key("z.txt"));
    ListObjectVersionsResponse all = s3.listObjectVersions(r -> r.bucket("pages"));
    List<String> expected = new ArrayList<>();
    all.versions().forEach(v -> expected.add(v.key() + "@" + v.versionId()));
    all.deleteMarkers().forEach(m -> expected.add(m.key() + "@" + m.versionId()));
    assertThat(expected).hasSize(13);

    List<String> paged = new ArrayList<>();
    String keyMarker = null;
    String versionMarker = null;
    int pages = 0;
    while (true) {
      String km = keyMarker;
      String vm = versionMarker;
      ListObjectVersionsResponse p = s3.listObjectVersions(r -> r.bucket("pages").maxKeys(2).keyMarker(km).versionIdMarker(vm));
      p.versions().forEach(v -> paged.add(v.key() + "@" + v.versionId()));
      p.deleteMarkers().forEach(m -> paged.add(m.key() + "@" + m.versionId()));
      assertThat(p.versions().size() + p.deleteMarkers().size()).isLessThanOrEqualTo(2);
      pages++;
      if (!p.isTruncated()) {
        break;
      }
      keyMarker = p.nextKeyMarker();
      versionMarker = p.nextVersionIdMarker();
    }
    assertThat(paged).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(pages).isEqualTo(7);

    // with a delimiter: dir/ is one common prefix, then the versions of z.txt
    ListObjectVersionsResponse first = s3.listObjectVersions(r -> r.bucket("pages").delimiter("/").keyMarker("a.txt").maxKeys(1));
    assertThat(first.commonPrefixes()).extracting(c -> c.prefix()).containsExactly("dir/");
    assertThat(first.isTruncated()).isTrue();
    ListObjectVersionsResponse next = s3.listObjectVersions(r -> r.bucket("pages").delimiter("/")
        .keyMarker(first.nextKeyMarker()).versionIdMarker(first.nextVersionIdMarker()));
    assertThat(next.commonPrefixes()).isEmpty();
    assertThat(next.versions()).extracting(ObjectVersion::key).containsOnly("z.txt").hasSize(3);
    assertThat(next.deleteMarkers()).extracting(DeleteMarkerEntry::key).containsExactly("z.txt");
  }

  @Test
  void deleteObjectsWithVersionIds() {
    versionedBucket("many");
    String v1 = put("many", "a", "1");
    String v2 = put("many", "a", "2");
    put("many", "b", "b");
    DeleteObjectsResponse r = s3.deleteObjects(d -> d.bucket("many").delete(Delete.builder().objects(
        ObjectIdentifier.builder().key("a").versionId(v1).build(),
        ObjectIdentifier.builder().key("b").build(),
        ObjectIdentifier.builder().key("a").versionId("bad id").build()).build()));
    assertThat(r.deleted()).hasSize(2);
    assertThat(r.deleted().get(0).versionId()).isEqualTo(v1);
    assertThat(r.deleted().get(0).deleteMarker()).isNull();
    assertThat(r.deleted().get(1).deleteMarker()).isTrue();
    assertThat(r.deleted().get(1).deleteMarkerVersionId()).isNotNull();
    assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo("InvalidArgument"));
    assertThat(s3.listObjectVersions(l -> l.bucket("many").prefix("a")).versions()).extracting(ObjectVersion::versionId)
        .containsExactly(v2);
    assertThat(error(() -> get("many", "b", null)).statusCode()).isEqualTo(404);
    // deleting the marker by its id, in a batch, says it was one
    String marker = r.deleted().get(1).deleteMarkerVersionId();
    DeleteObjectsResponse undo = s3.deleteObjects(d -> d.bucket("many").delete(Delete.builder().objects(
        ObjectIdentifier.builder().key("b").versionId(marker).build()).build()));
    assertThat(undo.deleted().getFirst().deleteMarker()).isTrue();
    assertThat(undo.deleted().getFirst().deleteMarkerVersionId()).isEqualTo(marker);
    assertThat(get("many", "b", null)).isEqualTo("b");
  }

  @Test
  void awsCliListsReadsAndDeletesVersions() throws Exception {
    String aws = S3Fixture.binary("aws", "/usr/bin/aws");
    Path home = Files.createDirectories(dir.resolve("aws"));
    Map<String, String> env = S3Fixture.awsEnv(home, cred);
    List<String> base = cmd(aws, "--endpoint-url", silo.s3Url(), "s3api");
    s3.createBucket(r -> r.bucket("cliver"));
    run(home, env, with(base, "put-bucket-versioning", "--bucket", "cliver", "--versioning-configuration", "Status=Enabled")).ok();
    assertThat(run(home, env, with(base, "get-bucket-versioning", "--bucket", "cliver")).ok().out()).contains("Enabled");
    Path one = Files.writeString(home.resolve("one.txt"), "first\n");
    Path two = Files.writeString(home.resolve("two.txt"), "second\n");
    ObjectMapper json = new ObjectMapper();
    String v1 = json.readTree(run(home, env, with(base, "put-object", "--bucket", "cliver", "--key", "f.txt", "--body", one.toString()))
        .ok().out()).get("VersionId").asText();
    run(home, env, with(base, "put-object", "--bucket", "cliver", "--key", "f.txt", "--body", two.toString())).ok();

    JsonNode listed = json.readTree(run(home, env, with(base, "list-object-versions", "--bucket", "cliver")).ok().out());
    assertThat(listed.get("Versions")).hasSize(2);
    assertThat(listed.get("Versions").get(1).get("VersionId").asText()).isEqualTo(v1);
    assertThat(listed.get("Versions").get(0).get("IsLatest").asBoolean()).isTrue();

    Path back = home.resolve("back.txt");
    JsonNode got = json.readTree(run(home, env, with(base, "get-object", "--bucket", "cliver", "--key", "f.txt", "--version-id", v1,
        back.toString())).ok().out());
    assertThat(got.get("VersionId").asText()).isEqualTo(v1);
    assertThat(Files.readString(back)).isEqualTo("first\n");

    run(home, env, with(base, "delete-object", "--bucket", "cliver", "--key", "f.txt", "--version-id", v1)).ok();
    listed = json.readTree(run(home, env, with(base, "list-object-versions", "--bucket", "cliver")).ok().out());
    assertThat(listed.get("Versions")).hasSize(1);
    assertThat(listed.get("Versions").get(0).get("VersionId").asText()).isNotEqualTo(v1);
  }

  @Test
  void rcloneListsAndReadsOldVersions() throws Exception {
    String rclone = S3Fixture.binary("rclone", "/usr/bin/rclone");
    Path home = Files.createDirectories(dir.resolve("rclone"));
    Map<String, String> env = S3Fixture.rcloneEnv(home, silo.s3Url(), cred);
    List<String> base = cmd(rclone, "--config", home.resolve("rclone.conf").toString(), "--retries", "1", "--low-level-retries", "1");
    versionedBucket("rcver");
    put("rcver", "notes.txt", "old notes");
    put("rcver", "notes.txt", "new notes");

    List<String> names = run(home, env, with(base, "lsf", "--s3-versions", "silo:rcver")).ok().out().lines().toList();
    assertThat(names).hasSize(2).contains("notes.txt");
    String old = names.stream().filter(n -> !n.equals("notes.txt")).findFirst().orElseThrow();
    assertThat(old).matches("notes-v\\d{4}-\\d{2}-\\d{2}-\\d{6}-\\d{3}\\.txt");
    assertThat(run(home, env, with(base, "cat", "--s3-versions", "silo:rcver/" + old)).ok().out()).isEqualTo("old notes");
    assertThat(run(home, env, with(base, "cat", "silo:rcver/notes.txt")).ok().out()).isEqualTo("new notes");
  }

  private static List<String> with(List<String> base, String... args) {
    List<String> c = new ArrayList<>(base);
    c.addAll(List.of(args));
    return c;
  }
}
