package dev.silo.core.multipart;

import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.StandardHeaders;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** A multipart upload in progress: where it will land, and the object's attributes and standard headers. */
public record MultipartUpload(
    String uploadId,
    BucketName bucket,
    ObjectKey key,
    String contentType,
    Map<String, String> metadata,
    StandardHeaders headers,
    Instant createdAt) {

  public MultipartUpload {
    Objects.requireNonNull(uploadId, "uploadId");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    headers = headers == null ? StandardHeaders.NONE : headers;
  }
}
