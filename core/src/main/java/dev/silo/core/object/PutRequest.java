package dev.silo.core.object;

import dev.silo.core.domain.Acl;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectKey;
import java.util.Map;
import java.util.Objects;

/**
 * An upload as a protocol hands it to the core. {@code bucket} null means the tenant's default;
 * {@code contentLength} null means the length is not known in advance (chunked).
 */
public record PutRequest(
    BucketName bucket,
    ObjectKey key,
    String contentType,
    Long contentLength,
    Acl acl,
    String folder,
    Map<String, String> metadata,
    Conditions conditions) {

  public PutRequest {
    Objects.requireNonNull(key, "key");
    acl = acl == null ? Acl.PRIVATE : acl;
    metadata = metadata == null ? Map.of() : metadata;
    conditions = conditions == null ? Conditions.NONE : conditions;
  }
}
