package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectAttributes;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** GetObjectAttributes with the AWS SDK and aws-cli: an object's ETag, checksum, parts, storage class and size without its bytes. */
@ExtendWith(NoErrorLogs.class)
class GetObjectAttributesTest extends TenantPerTest {
  @Override
  String prefix() {
    return "attrs";
  }

  @Override
  String limits() {
    return null;
  }

  private GetObjectAttributesResponse attributes(String key, String versionId) {
    return s3.getObjectAttributes(r -> r.bucket(slug).key(key).versionId(versionId)
        .objectAttributes(ObjectAttributes.E_TAG, ObjectAttributes.CHECKSUM, ObjectAttributes.OBJECT_PARTS,
            ObjectAttributes.STORAGE_CLASS, ObjectAttributes.OBJECT_SIZE));
  }

  @Test
  void anObjectStoredWholeHasItsEtagChecksumAndSizeAndNoParts() throws Exception {
    byte[] data = random(70_000, 1);
    String etag = s3.putObject(r -> r.bucket(slug).key("whole.bin"), RequestBody.fromBytes(data)).eTag();
    GetObjectAttributesResponse a = attributes("whole.bin", null);
    assertThat(a.eTag()).isEqualTo(etag.replace("\"", ""));
    assertThat(a.objectSize()).isEqualTo(70_000);
    assertThat(a.storageClassAsString()).isEqualTo("STANDARD");
    // the checksum the SDK sent with the upload, a CRC32 of its own accord, which the object keeps
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(data);
    assertThat(a.checksum().checksumCRC32())
        .isEqualTo(Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array()));
    assertThat(a.checksum().checksumTypeAsString()).isEqualTo("FULL_OBJECT");
    assertThat(a.objectParts()).isNull();
    assertThat(a.lastModified()).isNotNull();
    // only what is asked for
    var sizeOnly = s3.getObjectAttributes(r -> r.bucket(slug).key("whole.bin").objectAttributes(ObjectAttributes.OBJECT_SIZE));
    assertThat(sizeOnly.objectSize()).isEqualTo(70_000);
    assertThat(sizeOnly.eTag()).isNull();
    assertThat(sizeOnly.checksum()).isNull();
  }

  @Test
  void anObjectCompletedFromPartsListsThemAPageAtATime() {
    String id = s3.createMultipartUpload(r -> r.bucket(slug).key("parts.bin")).uploadId();
    List<CompletedPart> done = new ArrayList<>();
    int[] sizes = {5 << 20, 5 << 20, 1234};
    for (int n = 1; n <= 3; n++) {
      int part = n;
      String etag = s3.uploadPart(r -> r.bucket(slug).key("parts.bin").uploadId(id).partNumber(part),
          RequestBody.fromBytes(random(sizes[part - 1], part))).eTag();
      done.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
    }
    String etag = s3.completeMultipartUpload(r -> r.bucket(slug).key("parts.bin").uploadId(id).multipartUpload(m -> m.parts(done))).eTag();
    GetObjectAttributesResponse a = attributes("parts.bin", null);
    assertThat(a.eTag()).isEqualTo(etag.replace("\"", "")).endsWith("-3");
    assertThat(a.objectSize()).isEqualTo((10L << 20) + 1234);
    assertThat(a.objectParts().totalPartsCount()).isEqualTo(3);
    assertThat(a.objectParts().parts()).extracting(p -> p.partNumber() + ":" + p.size())
        .containsExactly("1:" + (5 << 20), "2:" + (5 << 20), "3:1234");
    assertThat(a.checksum()).as("a composite, not the object's").isNull();

    var first = s3.getObjectAttributes(r -> r.bucket(slug).key("parts.bin").maxParts(2).objectAttributes(ObjectAttributes.OBJECT_PARTS));
    assertThat(first.objectParts().isTruncated()).isTrue();
    assertThat(first.objectParts().parts()).hasSize(2);
    var rest = s3.getObjectAttributes(r -> r.bucket(slug).key("parts.bin").maxParts(2)
        .partNumberMarker(first.objectParts().nextPartNumberMarker()).objectAttributes(ObjectAttributes.OBJECT_PARTS));
    assertThat(rest.objectParts().isTruncated()).isFalse();
    assertThat(rest.objectParts().parts()).extracting(p -> p.partNumber()).containsExactly(3);
  }

  @Test
  void aVersionIsAnsweredByItsIdAndADeleteMarkerIsNotFound() {
    s3.putBucketVersioning(r -> r.bucket(slug).versioningConfiguration(v -> v.status("Enabled")));
    String v1 = s3.putObject(r -> r.bucket(slug).key("doc"), RequestBody.fromString("one")).versionId();
    s3.putObject(r -> r.bucket(slug).key("doc"), RequestBody.fromString("second"));
    assertThat(attributes("doc", v1).objectSize()).isEqualTo(3);
    assertThat(attributes("doc", v1).versionId()).isEqualTo(v1);
    assertThat(attributes("doc", null).objectSize()).isEqualTo(6);
    s3.deleteObject(r -> r.bucket(slug).key("doc"));
    assertThatThrownBy(() -> attributes("doc", null)).isInstanceOf(NoSuchKeyException.class)
        .satisfies(e -> assertThat(((S3Exception) e).awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-delete-marker")).contains("true"));
    assertThatThrownBy(() -> attributes("missing", null)).isInstanceOf(NoSuchKeyException.class);
    assertThatThrownBy(() -> s3.getObjectAttributes(r -> r.bucket(slug).key("doc").versionId(v1).objectAttributesWithStrings("Colour")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument"));
  }

  @Test
  void awsCliReadsTheAttributes() throws Exception {
    s3.putObject(r -> r.bucket(slug).key("cli.txt"), RequestBody.fromString("hello"));
    JsonNode got = new ObjectMapper().readTree(S3Fixture.s3api(silo, dir, cred, "get-object-attributes", "--bucket", slug,
        "--key", "cli.txt", "--object-attributes", "ObjectSize", "StorageClass", "ETag").ok().out());
    assertThat(got.path("ObjectSize").asLong()).isEqualTo(5);
    assertThat(got.path("StorageClass").asText()).isEqualTo("STANDARD");
    assertThat(got.path("ETag").asText()).isEqualTo("5d41402abc4b2a76b9719d911017c592");
  }
}
