package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * UploadPartCopy makes a part a slice of the source's blob, no byte written: a completion of the
 * slices of one object, in order and all of it (how aws-cli and boto3 copy an object over 8 MiB),
 * is an object on that same blob, and the blob goes with the last object or upload that holds it.
 * Every other completion gives its slices bytes of their own first. Part ETags are the MD5s of
 * the ranges, and the object's the multipart ETag they make, as on S3. {@link
 * UploadPartCopyOnS3Test} runs the same on S3, where the upload is also assembled by the backend.
 */
class UploadPartCopyTest extends TenantPerTest {
  private static final int MIB = 1024 * 1024;

  @Override
  String prefix() {
    return "pcopy";
  }

  /** Its quota: 40000000 bytes. */
  @Override
  String limits() {
    return "{\"max_bytes\":40000000}";
  }

  private String begin(String key) {
    return s3.createMultipartUpload(b -> b.bucket(slug).key(key)).uploadId();
  }

  /** Part {@code number} of the upload as bytes {@code first}..{@code last} of {@code source}; its ETag. */
  private String copyPart(String key, String upload, int number, String source, long first, long last) {
    return s3.uploadPartCopy(b -> b.sourceBucket(slug).sourceKey(source).destinationBucket(slug).destinationKey(key)
        .uploadId(upload).partNumber(number).copySourceRange("bytes=" + first + "-" + last)).copyPartResult().eTag();
  }

  private String complete(String key, String upload, List<String> etags) {
    List<CompletedPart> parts = new ArrayList<>();
    for (int i = 0; i < etags.size(); i++) {
      parts.add(CompletedPart.builder().partNumber(i + 1).eTag(etags.get(i)).build());
    }
    return s3.completeMultipartUpload(b -> b.bucket(slug).key(key).uploadId(upload).multipartUpload(m -> m.parts(parts))).eTag();
  }

  /** The source copied in parts of {@code partSize}, as aws-cli does; the part ETags. */
  private List<String> copyInParts(String source, String key, String upload, long size, long partSize) {
    List<String> etags = new ArrayList<>();
    for (long first = 0; first < size; first += partSize) {
      etags.add(copyPart(key, upload, etags.size() + 1, source, first, Math.min(size, first + partSize) - 1));
    }
    return etags;
  }

  private static String md5(byte[] data, int from, int to) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Arrays.copyOfRange(data, from, to)));
  }

  private static String multipartEtag(List<String> partEtags) throws Exception {
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    for (String e : partEtags) {
      md5.update(HexFormat.of().parseHex(e.replace("\"", "")));
    }
    return "\"" + HexFormat.of().formatHex(md5.digest()) + "-" + partEtags.size() + "\"";
  }

  @Test
  void aWholeCopyInPartsIsAnObjectOnTheSourcesBlob() throws Exception {
    byte[] data = random(12 * MIB + 100, 1);
    s3.putObject(b -> b.bucket(slug).key("source.bin"), RequestBody.fromBytes(data));
    String upload = begin("copy.bin");

    List<String> etags = copyInParts("source.bin", "copy.bin", upload, data.length, 5 * MIB);
    String etag = complete("copy.bin", upload, etags);

    assertThat(etags).as("each part's ETag is the MD5 of its range")
        .containsExactly("\"" + md5(data, 0, 5 * MIB) + "\"", "\"" + md5(data, 5 * MIB, 10 * MIB) + "\"",
            "\"" + md5(data, 10 * MIB, data.length) + "\"");
    assertThat(etag).isEqualTo(multipartEtag(etags));
    assertThat(get("copy.bin")).isEqualTo(data);
    assertThat(silo.awaitBlobs(slug, 1)).as("one blob for both objects").hasSize(1);
    assertThat(usage().get("bytes").asLong()).isEqualTo(2L * data.length);
    assertThat(usage().get("pending_bytes").asLong()).isZero();

    s3.deleteObject(b -> b.bucket(slug).key("source.bin"));
    assertThat(get("copy.bin")).as("the copy outlives its source").isEqualTo(data);
    s3.deleteObject(b -> b.bucket(slug).key("copy.bin"));
    assertThat(silo.awaitBlobs(slug, 0)).as("the blob went with the last object").isEmpty();
  }

  @Test
  void aSourceDeletedBeforeTheCompletionStillCompletes() throws Exception {
    byte[] data = random(6 * MIB, 2);
    s3.putObject(b -> b.bucket(slug).key("source.bin"), RequestBody.fromBytes(data));
    String upload = begin("copy.bin");
    List<String> etags = copyInParts("source.bin", "copy.bin", upload, data.length, 5 * MIB);

    s3.deleteObject(b -> b.bucket(slug).key("source.bin"));
    assertThat(silo.awaitBlobs(slug, 1)).as("the parts hold the blob").hasSize(1);
    complete("copy.bin", upload, etags);

    assertThat(get("copy.bin")).isEqualTo(data);
    s3.deleteObject(b -> b.bucket(slug).key("copy.bin"));
    assertThat(silo.awaitBlobs(slug, 0)).isEmpty();
  }

  @Test
  void anAbortedCopyGivesBackItsReferences() throws Exception {
    byte[] data = random(6 * MIB, 3);
    s3.putObject(b -> b.bucket(slug).key("source.bin"), RequestBody.fromBytes(data));
    String upload = begin("copy.bin");
    copyInParts("source.bin", "copy.bin", upload, data.length, 5 * MIB);
    assertThat(usage().get("pending_bytes").asLong()).as("the parts are reserved as any").isEqualTo(data.length);

    s3.abortMultipartUpload(b -> b.bucket(slug).key("copy.bin").uploadId(upload));
    assertThat(get("source.bin")).isEqualTo(data);
    s3.deleteObject(b -> b.bucket(slug).key("source.bin"));

    assertThat(silo.awaitBlobs(slug, 0)).as("no reference was left behind").isEmpty();
    assertThat(usage().get("pending_bytes").asLong()).isZero();
  }

  @Test
  void partOfAnObjectAndObjectsJoinedGetBytesOfTheirOwn() throws Exception {
    byte[] a = random(7 * MIB, 4);
    byte[] b = random(3 * MIB, 5);
    s3.putObject(r -> r.bucket(slug).key("a.bin"), RequestBody.fromBytes(a));
    s3.putObject(r -> r.bucket(slug).key("b.bin"), RequestBody.fromBytes(b));
    List<String> sources = silo.awaitBlobs(slug, 2);

    String head = begin("head.bin"); // the first 6 MiB of a: not all of it
    complete("head.bin", head, List.of(copyPart("head.bin", head, 1, "a.bin", 0, 5 * MIB - 1),
        copyPart("head.bin", head, 2, "a.bin", 5 * MIB, 6 * MIB - 1)));
    String joined = begin("joined.bin"); // all of a, then all of b
    complete("joined.bin", joined, List.of(copyPart("joined.bin", joined, 1, "a.bin", 0, a.length - 1),
        copyPart("joined.bin", joined, 2, "b.bin", 0, b.length - 1)));

    s3.deleteObject(r -> r.bucket(slug).key("a.bin"));
    s3.deleteObject(r -> r.bucket(slug).key("b.bin"));
    assertThat(get("head.bin")).isEqualTo(Arrays.copyOf(a, 6 * MIB));
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    assertThat(get("joined.bin")).isEqualTo(both);
    assertThat(silo.awaitBlobsGone(slug, sources)).as("the sources' blobs went with them").doesNotContainAnyElementsOf(sources);
    assertThat(usage().get("pending_bytes").asLong()).isZero();
    s3.deleteObject(r -> r.bucket(slug).key("head.bin"));
    s3.deleteObject(r -> r.bucket(slug).key("joined.bin"));
    assertThat(silo.awaitBlobs(slug, 0)).isEmpty();
  }

  @Test
  void aSliceUploadedOverOrCopiedAgainGivesBackItsReference() throws Exception {
    byte[] data = random(6 * MIB, 6);
    byte[] other = random(5 * MIB, 7);
    s3.putObject(b -> b.bucket(slug).key("source.bin"), RequestBody.fromBytes(data));
    String upload = begin("copy.bin");
    copyPart("copy.bin", upload, 1, "source.bin", 0, 5 * MIB - 1);
    copyPart("copy.bin", upload, 1, "source.bin", 0, 5 * MIB - 1);
    String e1 = s3.uploadPart(b -> b.bucket(slug).key("copy.bin").uploadId(upload).partNumber(1), RequestBody.fromBytes(other)).eTag();
    String e2 = copyPart("copy.bin", upload, 2, "source.bin", 5 * MIB, data.length - 1);
    complete("copy.bin", upload, List.of(e1, e2));

    s3.deleteObject(b -> b.bucket(slug).key("source.bin"));
    byte[] expected = Arrays.copyOf(other, 6 * MIB);
    System.arraycopy(data, 5 * MIB, expected, 5 * MIB, MIB);
    assertThat(get("copy.bin")).isEqualTo(expected);
    s3.deleteObject(b -> b.bucket(slug).key("copy.bin"));
    assertThat(silo.awaitBlobs(slug, 0)).as("no reference was left behind").isEmpty();
  }

  @Test
  void aCopiedPartPastTheQuotaChangesNothing() throws Exception {
    byte[] data = random(21 * MIB, 8);
    s3.putObject(b -> b.bucket(slug).key("source.bin"), RequestBody.fromBytes(data));
    String upload = begin("copy.bin");

    assertThatThrownBy(() -> copyInParts("source.bin", "copy.bin", upload, data.length, 10 * MIB))
        .isInstanceOf(S3Exception.class)
        .satisfies(e -> assertThat(((S3Exception) e).awsErrorDetails().errorCode()).isEqualTo("EntityTooLarge"));

    assertThat(usage().get("pending_bytes").asLong()).as("the parts that fit").isEqualTo(10L * MIB);
    s3.abortMultipartUpload(b -> b.bucket(slug).key("copy.bin").uploadId(upload));
    s3.deleteObject(b -> b.bucket(slug).key("source.bin"));
    assertThat(silo.awaitBlobs(slug, 0)).isEmpty();
  }
}
