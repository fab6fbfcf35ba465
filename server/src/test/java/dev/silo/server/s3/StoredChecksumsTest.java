package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.ObjectAttributes;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The additional checksum an object keeps, as S3 keeps it: the one a PutObject was checked
 * against, answered on GET and HEAD ({@code x-amz-checksum-mode: ENABLED}) and by
 * GetObjectAttributes; and for a multipart upload that asked for one, each part's (sent, or
 * computed by Silo when the client sent none) and the object's derived from them, composite or
 * combined into the CRC of all the bytes, which the SDK then checks its downloads against. A
 * completion that leaves a part's checksum out, names another, or declares a whole-object checksum
 * the bytes do not have is refused and stores nothing.
 */
@ExtendWith(NoErrorLogs.class)
class StoredChecksumsTest extends TenantPerTest {
  private static final int MIB = 1024 * 1024;

  @Override
  String prefix() {
    return "sums";
  }

  @Override
  String limits() {
    return null;
  }

  private static byte[] crc32(byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    return ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  private static byte[] concat(byte[]... parts) {
    ByteBuffer all = ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
    for (byte[] p : parts) {
      all.put(p);
    }
    return all.array();
  }

  private HeadObjectResponse head(String key) {
    return s3.headObject(b -> b.bucket(slug).key(key).checksumMode(ChecksumMode.ENABLED));
  }

  /** A client that sends a checksum only where S3 requires one: no part checksums of its own. */
  private S3Client withoutChecksums() {
    return S3Client.builder()
        .endpointOverride(URI.create(silo.s3Url()))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(cred.accessKeyId(), cred.secret())))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .build();
  }

  /** Part {@code n} of upload {@code id}, with its checksum of {@code a} computed by the SDK. */
  private UploadPartResponse part(String key, String id, int n, ChecksumAlgorithm a, byte[] data) {
    return s3.uploadPart(b -> b.bucket(slug).key(key).uploadId(id).partNumber(n).checksumAlgorithm(a), RequestBody.fromBytes(data));
  }

  @Test
  void anUploadsChecksumIsKeptAndAnswered() throws Exception {
    byte[] data = random(200_000, 1);
    s3.putObject(b -> b.bucket(slug).key("c.bin").checksumAlgorithm(ChecksumAlgorithm.CRC32_C), RequestBody.fromBytes(data));
    java.util.zip.CRC32C c = new java.util.zip.CRC32C();
    c.update(data);
    String crc32c = b64(ByteBuffer.allocate(4).putInt((int) c.getValue()).array());

    HeadObjectResponse h = head("c.bin");
    assertThat(h.checksumCRC32C()).isEqualTo(crc32c);
    assertThat(h.checksumType()).isEqualTo(ChecksumType.FULL_OBJECT);
    assertThat(h.checksumSHA256()).as("one checksum, the upload's").isNull();
    assertThat(s3.getObjectAttributes(b -> b.bucket(slug).key("c.bin").objectAttributes(ObjectAttributes.CHECKSUM))
        .checksum().checksumCRC32C()).isEqualTo(crc32c);
    assertThat(s3.getObjectAsBytes(b -> b.bucket(slug).key("c.bin").checksumMode(ChecksumMode.ENABLED)).asByteArray())
        .isEqualTo(data);

    // small enough to be kept with its row, and a copy: the same bytes, the same checksum
    s3.putObject(b -> b.bucket(slug).key("small.txt").checksumAlgorithm(ChecksumAlgorithm.SHA1), RequestBody.fromString("hello"));
    String sha1 = b64(MessageDigest.getInstance("SHA-1").digest("hello".getBytes()));
    assertThat(head("small.txt").checksumSHA1()).isEqualTo(sha1);
    s3.copyObject(b -> b.sourceBucket(slug).sourceKey("small.txt").destinationBucket(slug).destinationKey("copy.txt"));
    assertThat(head("copy.txt").checksumSHA1()).isEqualTo(sha1);

    // an upload without one: the SHA-256 Silo keeps of every object stored whole
    try (S3Client plain = withoutChecksums()) {
      plain.putObject(b -> b.bucket(slug).key("plain.bin"), RequestBody.fromBytes(data));
    }
    assertThat(head("plain.bin").checksumSHA256()).isEqualTo(b64(MessageDigest.getInstance("SHA-256").digest(data)));
  }

  @Test
  void aCompositeChecksumIsTheChecksumOfThePartsChecksums() {
    byte[] p1 = random(5 * MIB, 2);
    byte[] p2 = random(1000, 3);
    String id = s3.createMultipartUpload(b -> b.bucket(slug).key("comp.bin").checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
    UploadPartResponse r1 = part("comp.bin", id, 1, ChecksumAlgorithm.CRC32, p1);
    UploadPartResponse r2;
    try (S3Client plain = withoutChecksums()) {
      r2 = plain.uploadPart(b -> b.bucket(slug).key("comp.bin").uploadId(id).partNumber(2), RequestBody.fromBytes(p2));
    }
    assertThat(r1.checksumCRC32()).isEqualTo(b64(crc32(p1)));
    assertThat(r2.checksumCRC32()).as("computed for a part sent without one").isEqualTo(b64(crc32(p2)));

    ListPartsResponse listed = s3.listParts(b -> b.bucket(slug).key("comp.bin").uploadId(id));
    assertThat(listed.checksumAlgorithm()).isEqualTo(ChecksumAlgorithm.CRC32);
    assertThat(listed.parts()).extracting(p -> p.checksumCRC32()).containsExactly(b64(crc32(p1)), b64(crc32(p2)));
    assertThat(s3.listMultipartUploads(b -> b.bucket(slug)).uploads().getFirst().checksumAlgorithm())
        .isEqualTo(ChecksumAlgorithm.CRC32);

    CompleteMultipartUploadResponse done = s3.completeMultipartUpload(b -> b.bucket(slug).key("comp.bin").uploadId(id)
        .multipartUpload(m -> m.parts(
            CompletedPart.builder().partNumber(1).eTag(r1.eTag()).checksumCRC32(r1.checksumCRC32()).build(),
            CompletedPart.builder().partNumber(2).eTag(r2.eTag()).checksumCRC32(r2.checksumCRC32()).build())));
    String composite = b64(crc32(concat(crc32(p1), crc32(p2)))) + "-2";
    assertThat(done.checksumCRC32()).isEqualTo(composite);
    assertThat(done.checksumType()).isEqualTo(ChecksumType.COMPOSITE);
    assertThat(head("comp.bin").checksumCRC32()).isEqualTo(composite);
    assertThat(head("comp.bin").checksumType()).isEqualTo(ChecksumType.COMPOSITE);
    // the SDK checks no composite against the bytes; the download is whole
    assertThat(s3.getObjectAsBytes(b -> b.bucket(slug).key("comp.bin").checksumMode(ChecksumMode.ENABLED)).asByteArray())
        .isEqualTo(concat(p1, p2));

    // the object keeps its parts' checksums: GetObjectAttributes lists them, a read of one part answers its own
    var attributes = s3.getObjectAttributes(b -> b.bucket(slug).key("comp.bin").objectAttributes(ObjectAttributes.OBJECT_PARTS));
    assertThat(attributes.objectParts().parts()).extracting(p -> p.checksumCRC32()).containsExactly(b64(crc32(p1)), b64(crc32(p2)));
    var second = s3.getObjectAsBytes(b -> b.bucket(slug).key("comp.bin").partNumber(2).checksumMode(ChecksumMode.ENABLED));
    assertThat(second.response().checksumCRC32()).isEqualTo(b64(crc32(p2)));
    assertThat(second.asByteArray()).as("the SDK checked the part's bytes against it").isEqualTo(p2);
    assertThat(head("comp.bin").checksumCRC32()).as("a read of the whole still answers the composite").isEqualTo(composite);
    var noMode = s3.headObject(b -> b.bucket(slug).key("comp.bin").partNumber(1));
    assertThat(noMode.checksumCRC32()).as("only when asked").isNull();
  }

  @Test
  void aFullObjectCrcCombinesThePartsAndTheSdkChecksTheDownload() {
    byte[] p1 = random(5 * MIB, 4);
    byte[] p2 = random(5 * MIB + 17, 5);
    byte[] p3 = random(333, 6);
    byte[] all = concat(p1, p2, p3);
    try (S3Client plain = withoutChecksums()) {
      plain.putObject(b -> b.bucket(slug).key("source.bin"), RequestBody.fromBytes(p2)); // a source without a CRC32
    }
    String id = s3.createMultipartUpload(b -> b.bucket(slug).key("full.bin")
        .checksumAlgorithm(ChecksumAlgorithm.CRC32).checksumType(ChecksumType.FULL_OBJECT)).uploadId();
    UploadPartResponse r1 = part("full.bin", id, 1, ChecksumAlgorithm.CRC32, p1);
    // a part copied from an object: its checksum computed as its bytes are read
    var copied = s3.uploadPartCopy(b -> b.sourceBucket(slug).sourceKey("source.bin").destinationBucket(slug)
        .destinationKey("full.bin").uploadId(id).partNumber(2)).copyPartResult();
    assertThat(copied.checksumCRC32()).isEqualTo(b64(crc32(p2)));
    UploadPartResponse r3 = part("full.bin", id, 3, ChecksumAlgorithm.CRC32, p3);
    CompletedPart[] parts = {
      CompletedPart.builder().partNumber(1).eTag(r1.eTag()).checksumCRC32(r1.checksumCRC32()).build(),
      CompletedPart.builder().partNumber(2).eTag(copied.eTag()).checksumCRC32(copied.checksumCRC32()).build(),
      CompletedPart.builder().partNumber(3).eTag(r3.eTag()).checksumCRC32(r3.checksumCRC32()).build()
    };

    // a whole-object checksum the bytes do not have: refused, nothing stored
    assertThatThrownBy(() -> s3.completeMultipartUpload(b -> b.bucket(slug).key("full.bin").uploadId(id)
            .checksumCRC32(b64(crc32(p1))).checksumType(ChecksumType.FULL_OBJECT).multipartUpload(m -> m.parts(parts))))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest"));
    assertThat(s3.listObjectsV2(b -> b.bucket(slug).prefix("full")).contents()).isEmpty();

    CompleteMultipartUploadResponse done = s3.completeMultipartUpload(b -> b.bucket(slug).key("full.bin").uploadId(id)
        .checksumCRC32(b64(crc32(all))).checksumType(ChecksumType.FULL_OBJECT).multipartUpload(m -> m.parts(parts)));
    assertThat(done.checksumCRC32()).isEqualTo(b64(crc32(all)));
    assertThat(done.checksumType()).isEqualTo(ChecksumType.FULL_OBJECT);
    HeadObjectResponse h = head("full.bin");
    assertThat(h.checksumCRC32()).isEqualTo(b64(crc32(all)));
    assertThat(h.checksumType()).isEqualTo(ChecksumType.FULL_OBJECT);
    // the SDK computes the CRC of what it receives and fails the download on a difference
    assertThat(s3.getObjectAsBytes(b -> b.bucket(slug).key("full.bin").checksumMode(ChecksumMode.ENABLED)).asByteArray())
        .isEqualTo(all);
    assertThat(s3.headObject(b -> b.bucket(slug).key("full.bin").partNumber(3).checksumMode(ChecksumMode.ENABLED)).checksumCRC32())
        .isEqualTo(b64(crc32(p3)));

    // a copy is stored whole: it keeps the whole object's CRC, and has no parts
    s3.copyObject(b -> b.sourceBucket(slug).sourceKey("full.bin").destinationBucket(slug).destinationKey("full-copy.bin"));
    assertThat(head("full-copy.bin").checksumCRC32()).isEqualTo(b64(crc32(all)));
    assertThat(s3.getObjectAttributes(b -> b.bucket(slug).key("full-copy.bin").objectAttributes(ObjectAttributes.OBJECT_PARTS))
        .objectParts()).isNull();
  }

  @Test
  void aCompletionMustNameEachPartsChecksumAsStored() {
    byte[] p1 = random(5 * MIB, 7);
    byte[] p2 = random(10, 8);
    String id = s3.createMultipartUpload(b -> b.bucket(slug).key("strict.bin").checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
    UploadPartResponse r1 = part("strict.bin", id, 1, ChecksumAlgorithm.SHA256, p1);
    UploadPartResponse r2 = part("strict.bin", id, 2, ChecksumAlgorithm.SHA256, p2);
    assertThatThrownBy(() -> part("strict.bin", id, 3, ChecksumAlgorithm.CRC32, p2))
        .as("a part of another algorithm")
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest"));

    assertThatThrownBy(() -> s3.completeMultipartUpload(b -> b.bucket(slug).key("strict.bin").uploadId(id)
            .multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(r1.eTag()).checksumSHA256(r1.checksumSHA256()).build(),
                CompletedPart.builder().partNumber(2).eTag(r2.eTag()).build()))))
        .as("part 2 without its checksum")
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest"));
    assertThatThrownBy(() -> s3.completeMultipartUpload(b -> b.bucket(slug).key("strict.bin").uploadId(id)
            .multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(r1.eTag()).checksumSHA256(r1.checksumSHA256()).build(),
                CompletedPart.builder().partNumber(2).eTag(r2.eTag()).checksumSHA256(r1.checksumSHA256()).build()))))
        .as("part 2 with part 1's checksum")
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidPart"));
    assertThat(s3.listObjectsV2(b -> b.bucket(slug)).contents()).isEmpty();

    assertThatThrownBy(() -> s3.createMultipartUpload(b -> b.bucket(slug).key("x")
            .checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumType(ChecksumType.FULL_OBJECT)))
        .as("a digest does not combine")
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest"));

    CompleteMultipartUploadResponse done = s3.completeMultipartUpload(b -> b.bucket(slug).key("strict.bin").uploadId(id)
        .multipartUpload(m -> m.parts(
            CompletedPart.builder().partNumber(1).eTag(r1.eTag()).checksumSHA256(r1.checksumSHA256()).build(),
            CompletedPart.builder().partNumber(2).eTag(r2.eTag()).checksumSHA256(r2.checksumSHA256()).build())));
    assertThat(done.checksumSHA256()).endsWith("-2");
    assertThat(get("strict.bin")).isEqualTo(concat(p1, p2));
  }

  @Test
  void awsCliAsksForAndReadsAChecksum() throws Exception {
    Path file = dir.resolve(slug + ".bin");
    byte[] data = random(100_000, 9);
    Files.write(file, data);
    S3Fixture.s3api(silo, dir, cred, "put-object", "--bucket", slug, "--key", "cli.bin", "--body", file.toString(),
        "--checksum-algorithm", "SHA256").ok();
    S3Fixture.Run head = S3Fixture.s3api(silo, dir, cred, "head-object", "--bucket", slug, "--key", "cli.bin",
        "--checksum-mode", "ENABLED").ok();
    JsonNode json = new ObjectMapper().readTree(head.out());
    assertThat(json.path("ChecksumSHA256").asText()).isEqualTo(b64(MessageDigest.getInstance("SHA-256").digest(data)));
  }
}
