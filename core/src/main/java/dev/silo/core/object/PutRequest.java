package dev.silo.core.object;

import dev.silo.core.domain.Acl;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.ObjectLock;
import dev.silo.core.domain.ObjectTags;
import dev.silo.core.domain.StandardHeaders;
import dev.silo.core.domain.SystemFacts;
import java.util.Map;
import java.util.Objects;

/**
 * An upload as a protocol hands it to the core. {@code bucket} null means the tenant's default;
 * {@code contentLength} null means the length is not known in advance (chunked);
 * {@code completesUpload} marks the last step of a resumable upload, whose publication also
 * emits {@code upload.completed}. {@code headers} are the standard headers the object will be
 * served with; {@code facts} are set by the core only (a multipart completion's ETag and parts);
 * {@code tags} are the object's S3 tags; {@code lock} the object lock the client asks for (the
 * bucket's default retention applies when it asks for none).
 */
public record PutRequest(
    BucketName bucket,
    ObjectKey key,
    String contentType,
    Long contentLength,
    Acl acl,
    String folder,
    Map<String, String> metadata,
    Conditions conditions,
    boolean completesUpload,
    StandardHeaders headers,
    SystemFacts facts,
    ObjectTags tags,
    ObjectLock lock) {

  public PutRequest(
      BucketName bucket, ObjectKey key, String contentType, Long contentLength, Acl acl, String folder,
      Map<String, String> metadata, Conditions conditions, boolean completesUpload, StandardHeaders headers,
      SystemFacts facts, ObjectTags tags) {
    this(bucket, key, contentType, contentLength, acl, folder, metadata, conditions, completesUpload, headers, facts, tags, null);
  }

  public PutRequest(
      BucketName bucket,
      ObjectKey key,
      String contentType,
      Long contentLength,
      Acl acl,
      String folder,
      Map<String, String> metadata,
      Conditions conditions) {
    this(bucket, key, contentType, contentLength, acl, folder, metadata, conditions, false, null, null, null);
  }

  public PutRequest {
    Objects.requireNonNull(key, "key");
    acl = acl == null ? Acl.PRIVATE : acl;
    metadata = metadata == null ? Map.of() : metadata;
    conditions = conditions == null ? Conditions.NONE : conditions;
    headers = headers == null ? StandardHeaders.NONE : headers;
    facts = facts == null ? SystemFacts.NONE : facts;
    tags = tags == null ? ObjectTags.NONE : tags;
    lock = lock == null ? ObjectLock.NONE : lock;
  }

  /** The same request as the last step of a resumable upload. */
  public PutRequest completingUpload() {
    return new PutRequest(bucket, key, contentType, contentLength, acl, folder, metadata, conditions, true, headers, facts, tags, lock);
  }

  /** The same request with these standard headers. */
  public PutRequest withHeaders(StandardHeaders h) {
    return new PutRequest(bucket, key, contentType, contentLength, acl, folder, metadata, conditions, completesUpload, h, facts, tags, lock);
  }

  /** The same request with these system facts. */
  public PutRequest withFacts(SystemFacts f) {
    return new PutRequest(bucket, key, contentType, contentLength, acl, folder, metadata, conditions, completesUpload, headers, f, tags, lock);
  }

  /** The same request with these tags. */
  public PutRequest withTags(ObjectTags t) {
    return new PutRequest(bucket, key, contentType, contentLength, acl, folder, metadata, conditions, completesUpload, headers, facts, t, lock);
  }

  /** The same request with this object lock. */
  public PutRequest withLock(ObjectLock l) {
    return new PutRequest(bucket, key, contentType, contentLength, acl, folder, metadata, conditions, completesUpload, headers, facts, tags, l);
  }
}
