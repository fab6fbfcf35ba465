package dev.silo.core.multipart;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.Checksum;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.ObjectLock;
import dev.silo.core.domain.ObjectTags;
import dev.silo.core.domain.StandardHeaders;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A multipart upload in progress: where it will land, and the object's attributes, standard
 * headers and tags, and the kind of checksum it asked for ({@code checksum}, null: none), which
 * every part gets and the object's is derived from, and the object lock the object gets ({@code
 * lock}). On a store that assembles parts ({@link dev.silo.core.spi.MultipartBlobs}) {@code blob}
 * is the blob it completes into and {@code assembly} the store's id of the assembly its parts go
 * to; both are null where each part is a blob of its own.
 */
public record MultipartUpload(
    String uploadId,
    BucketName bucket,
    ObjectKey key,
    String contentType,
    Map<String, String> metadata,
    StandardHeaders headers,
    Instant createdAt,
    BlobName blob,
    String assembly,
    ObjectTags tags,
    Checksum.Kind checksum,
    ObjectLock lock) {

  public MultipartUpload {
    Objects.requireNonNull(uploadId, "uploadId");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    headers = headers == null ? StandardHeaders.NONE : headers;
    tags = tags == null ? ObjectTags.NONE : tags;
    lock = lock == null ? ObjectLock.NONE : lock;
    if ((blob == null) != (assembly == null)) {
      throw new IllegalArgumentException("an assembled upload has both its blob and its assembly");
    }
  }

  /** An upload whose parts are blobs of their own. */
  public MultipartUpload(
      String uploadId, BucketName bucket, ObjectKey key, String contentType, Map<String, String> metadata,
      StandardHeaders headers, Instant createdAt) {
    this(uploadId, bucket, key, contentType, metadata, headers, createdAt, null, null, ObjectTags.NONE, null, null);
  }

  /** An upload without tags. */
  public MultipartUpload(
      String uploadId, BucketName bucket, ObjectKey key, String contentType, Map<String, String> metadata,
      StandardHeaders headers, Instant createdAt, BlobName blob, String assembly) {
    this(uploadId, bucket, key, contentType, metadata, headers, createdAt, blob, assembly, ObjectTags.NONE, null, null);
  }

  /** An upload without a checksum. */
  public MultipartUpload(
      String uploadId, BucketName bucket, ObjectKey key, String contentType, Map<String, String> metadata,
      StandardHeaders headers, Instant createdAt, BlobName blob, String assembly, ObjectTags tags) {
    this(uploadId, bucket, key, contentType, metadata, headers, createdAt, blob, assembly, tags, null, null);
  }

  /** Whether its parts go to an assembly on the store (native multipart). */
  public boolean assembled() {
    return assembly != null;
  }
}
