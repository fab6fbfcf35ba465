package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * CopyObject shares the source's blob, as a restored version does: the copy costs no byte read or
 * written, counts against the quota, and each object stays readable whichever of them is deleted
 * first; the blob goes with the last. A small (inline) source is copied into a row of its own; a
 * source completed from parts is read and hashed, its copy getting the MD5 of its bytes as its
 * ETag, as on S3, and sharing its blob too.
 * {@link CopyObjectOnS3Test} runs the same on S3, {@link CopyObjectOnS3PostgresTest} with PostgreSQL too.
 */
class CopyObjectTest extends TenantPerTest {
  @Override
  String prefix() {
    return "copy";
  }

  /** Its quota: 12000000 bytes. */
  @Override
  String limits() {
    return "{\"max_bytes\":12000000}";
  }

  private void copy(String from, String to) {
    s3.copyObject(b -> b.sourceBucket(slug).sourceKey(from).destinationBucket(slug).destinationKey(to));
  }

  @Test
  void aCopySharesTheBlobAndEachOutlivesTheOther() throws Exception {
    byte[] data = random(300_000, 1);
    String etag = s3.putObject(b -> b.bucket(slug).key("a.bin"), RequestBody.fromBytes(data)).eTag();

    copy("a.bin", "b.bin");
    copy("b.bin", "c.bin");

    assertThat(get("c.bin")).isEqualTo(data);
    assertThat(s3.headObject(b -> b.bucket(slug).key("c.bin")).eTag()).isEqualTo(etag);
    assertThat(silo.awaitBlobs(slug, 1)).as("one blob for the three objects").hasSize(1);
    assertThat(usage().get("bytes").asLong()).isEqualTo(3L * data.length);
    assertThat(usage().get("objects").asLong()).isEqualTo(3);

    s3.deleteObject(b -> b.bucket(slug).key("a.bin"));
    s3.deleteObject(b -> b.bucket(slug).key("c.bin"));
    assertThat(get("b.bin")).as("the last copy still reads").isEqualTo(data);
    assertThat(silo.awaitBlobs(slug, 1)).hasSize(1);
    s3.deleteObject(b -> b.bucket(slug).key("b.bin"));
    assertThat(silo.awaitBlobs(slug, 0)).as("the blob went with the last object").isEmpty();
  }

  @Test
  void aCopyPastTheQuotaChangesNothing() throws Exception {
    byte[] data = random(7_000_000, 2);
    s3.putObject(b -> b.bucket(slug).key("big.bin"), RequestBody.fromBytes(data));

    assertThatThrownBy(() -> copy("big.bin", "again.bin")).isInstanceOf(S3Exception.class);

    assertThat(usage().get("bytes").asLong()).isEqualTo(data.length);
    s3.deleteObject(b -> b.bucket(slug).key("big.bin"));
    assertThat(silo.awaitBlobs(slug, 0)).as("no reference was left behind").isEmpty();
  }

  @Test
  void overItselfWithNewMetadataTheBlobStays() throws Exception {
    byte[] data = random(200_000, 3);
    s3.putObject(b -> b.bucket(slug).key("self.bin").contentType("application/octet-stream"), RequestBody.fromBytes(data));

    s3.copyObject(b -> b.sourceBucket(slug).sourceKey("self.bin").destinationBucket(slug).destinationKey("self.bin")
        .metadataDirective("REPLACE").contentType("text/plain"));

    assertThat(s3.headObject(b -> b.bucket(slug).key("self.bin")).contentType()).startsWith("text/plain");
    assertThat(get("self.bin")).isEqualTo(data);
    assertThat(silo.awaitBlobs(slug, 1)).hasSize(1);
    s3.deleteObject(b -> b.bucket(slug).key("self.bin"));
    assertThat(silo.awaitBlobs(slug, 0)).isEmpty();
  }

  @Test
  void aSmallSourceIsCopiedIntoARowOfItsOwnAndAMultipartOneHashedForItsEtag() throws Exception {
    byte[] small = random(1_000, 4);
    s3.putObject(b -> b.bucket(slug).key("small.bin"), RequestBody.fromBytes(small));
    copy("small.bin", "small-copy.bin");
    s3.deleteObject(b -> b.bucket(slug).key("small.bin"));
    assertThat(get("small-copy.bin")).isEqualTo(small);

    byte[] part1 = random(5 * 1024 * 1024, 5);
    byte[] part2 = random(100_000, 6);
    String upload = s3.createMultipartUpload(b -> b.bucket(slug).key("parts.bin")).uploadId();
    String e1 = s3.uploadPart(b -> b.bucket(slug).key("parts.bin").uploadId(upload).partNumber(1), RequestBody.fromBytes(part1)).eTag();
    String e2 = s3.uploadPart(b -> b.bucket(slug).key("parts.bin").uploadId(upload).partNumber(2), RequestBody.fromBytes(part2)).eTag();
    s3.completeMultipartUpload(b -> b.bucket(slug).key("parts.bin").uploadId(upload)
        .multipartUpload(m -> m.parts(List.of(CompletedPart.builder().partNumber(1).eTag(e1).build(),
            CompletedPart.builder().partNumber(2).eTag(e2).build()))));
    assertThat(s3.headObject(b -> b.bucket(slug).key("parts.bin")).eTag()).endsWith("-2\"");
    List<String> blobs = silo.blobs(slug);

    copy("parts.bin", "parts-copy.bin");

    byte[] both = new byte[part1.length + part2.length];
    System.arraycopy(part1, 0, both, 0, part1.length);
    System.arraycopy(part2, 0, both, part1.length, part2.length);
    String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(both));
    assertThat(s3.headObject(b -> b.bucket(slug).key("parts-copy.bin")).eTag()).as("an MD5, as S3 gives a copy")
        .isEqualTo("\"" + md5 + "\"");
    assertThat(silo.awaitBlobs(slug, blobs.size())).as("read and hashed, not written").containsExactlyInAnyOrderElementsOf(blobs);
    s3.deleteObject(b -> b.bucket(slug).key("parts.bin"));
    assertThat(get("parts-copy.bin")).isEqualTo(both);
    s3.deleteObject(b -> b.bucket(slug).key("parts-copy.bin"));
    assertThat(silo.awaitBlobs(slug, 0)).isEmpty();
  }
}
