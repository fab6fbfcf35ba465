package dev.silo.core.upload;

import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.Category;
import dev.silo.core.domain.StandardHeaders;
import java.util.Map;

/**
 * A request for a presigned upload; Silo, not the client, computes the key from it. {@code
 * metadata} and {@code headers} are the object's user metadata and standard headers.
 */
public record UploadRequest(
    String filename,
    String contentType,
    Long size,
    Category category,
    BucketName bucket,
    Long ttlSeconds,
    Map<String, String> metadata,
    StandardHeaders headers) {

  public UploadRequest(
      String filename, String contentType, Long size, Category category, BucketName bucket, Long ttlSeconds) {
    this(filename, contentType, size, category, bucket, ttlSeconds, null, null);
  }

  public UploadRequest {
    metadata = metadata == null ? Map.of() : metadata;
    headers = headers == null ? StandardHeaders.NONE : headers;
  }
}
