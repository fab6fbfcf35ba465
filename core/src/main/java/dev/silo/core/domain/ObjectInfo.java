package dev.silo.core.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One object's metadata row. {@code blob} is the immutable blob that holds its bytes; it never
 * leaves the server. A pending object has {@code blob} null until its bytes are staged.
 */
public record ObjectInfo(
    ObjectId id,
    BucketName bucket,
    ObjectKey key,
    long size,
    String contentType,
    String etag,
    String sha256,
    ObjectStatus status,
    Acl acl,
    String folder,
    Map<String, String> metadata,
    BlobName blob,
    Instant createdAt,
    Instant updatedAt) {

  public ObjectInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(acl, "acl");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  public boolean ready() {
    return status == ObjectStatus.READY;
  }

  public ObjectInfo withAttributes(Acl acl, String folder, Map<String, String> metadata, Instant now) {
    return new ObjectInfo(id, bucket, key, size, contentType, etag, sha256, status, acl, folder,
        metadata, blob, createdAt, now);
  }
}
