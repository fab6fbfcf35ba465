package dev.silo.core.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One object's metadata row. {@code blob} is the immutable blob that holds its bytes; it never
 * leaves the server. A pending object has {@code blob} null until its bytes are staged. {@code
 * metadata} is the client's (see {@link UserMetadata}); {@code headers} are the standard headers
 * it is served with; {@code facts} are Silo's own and never travel as user metadata. {@code
 * version} says which version of its key the row is (see {@link Version}); {@code tags} are the
 * client's {@link ObjectTags}; {@code lock} the version's S3 {@link ObjectLock}.
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
    StandardHeaders headers,
    SystemFacts facts,
    BlobName blob,
    Instant createdAt,
    Instant updatedAt,
    Version version,
    ObjectTags tags,
    ObjectLock lock) {

  /** A row without an object lock. */
  public ObjectInfo(
      ObjectId id, BucketName bucket, ObjectKey key, long size, String contentType, String etag, String sha256,
      ObjectStatus status, Acl acl, String folder, Map<String, String> metadata, StandardHeaders headers,
      SystemFacts facts, BlobName blob, Instant createdAt, Instant updatedAt, Version version, ObjectTags tags) {
    this(id, bucket, key, size, contentType, etag, sha256, status, acl, folder, metadata, headers, facts, blob,
        createdAt, updatedAt, version, tags, ObjectLock.NONE);
  }

  /** A row without tags. */
  public ObjectInfo(
      ObjectId id, BucketName bucket, ObjectKey key, long size, String contentType, String etag, String sha256,
      ObjectStatus status, Acl acl, String folder, Map<String, String> metadata, StandardHeaders headers,
      SystemFacts facts, BlobName blob, Instant createdAt, Instant updatedAt, Version version) {
    this(id, bucket, key, size, contentType, etag, sha256, status, acl, folder, metadata, headers, facts, blob,
        createdAt, updatedAt, version, ObjectTags.NONE);
  }

  /** A row of an unversioned write (the null version, without an id yet). */
  public ObjectInfo(
      ObjectId id, BucketName bucket, ObjectKey key, long size, String contentType, String etag, String sha256,
      ObjectStatus status, Acl acl, String folder, Map<String, String> metadata, StandardHeaders headers,
      SystemFacts facts, BlobName blob, Instant createdAt, Instant updatedAt) {
    this(id, bucket, key, size, contentType, etag, sha256, status, acl, folder, metadata, headers, facts, blob,
        createdAt, updatedAt, Version.LEGACY);
  }

  public ObjectInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(acl, "acl");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    headers = headers == null ? StandardHeaders.NONE : headers;
    facts = facts == null ? SystemFacts.NONE : facts;
    version = version == null ? Version.LEGACY : version;
    tags = tags == null ? ObjectTags.NONE : tags;
    lock = lock == null ? ObjectLock.NONE : lock;
  }

  public boolean ready() {
    return status == ObjectStatus.READY;
  }

  /** The client-settable attributes changed; headers and system facts are kept. */
  public ObjectInfo withAttributes(Acl acl, String folder, Map<String, String> metadata, Instant now) {
    return new ObjectInfo(id, bucket, key, size, contentType, etag, sha256, status, acl, folder,
        metadata, headers, facts, blob, createdAt, now, version, tags, lock);
  }

  /** The same row with these tags: S3 changes an object's tags without rewriting it, nor its modification time. */
  public ObjectInfo withTags(ObjectTags t) {
    return new ObjectInfo(id, bucket, key, size, contentType, etag, sha256, status, acl, folder,
        metadata, headers, facts, blob, createdAt, updatedAt, version, t, lock);
  }

  /** The same row as another version of its key. */
  public ObjectInfo withVersion(Version v) {
    return new ObjectInfo(id, bucket, key, size, contentType, etag, sha256, status, acl, folder,
        metadata, headers, facts, blob, createdAt, updatedAt, v, tags, lock);
  }

  /** The same row with this object lock: S3 changes a version's retention and legal hold without rewriting it. */
  public ObjectInfo withLock(ObjectLock l) {
    return new ObjectInfo(id, bucket, key, size, contentType, etag, sha256, status, acl, folder,
        metadata, headers, facts, blob, createdAt, updatedAt, version, tags, l);
  }

  /**
   * The row as a listing reads it ({@link dev.silo.core.spi.ObjectRepository#page}): every field a
   * listing shows, without the blob and with only the facts S3's ETag needs ({@link
   * SystemFacts#listed}): 20 of the 28 columns a database sends for each row of a page.
   */
  public ObjectInfo listed() {
    return new ObjectInfo(id, bucket, key, size, contentType, etag, sha256, status, acl, folder,
        metadata, headers, facts.listed(), null, createdAt, updatedAt, version, tags, lock);
  }

  /**
   * The row as S3's listings read it ({@link ListingFields#SUMMARY}): its id, key, size, ETag (and
   * the facts S3's ETag needs), modification time and version. The fields such a listing does not
   * show hold nothing: no content type, SHA-256, folder, metadata, headers or creation time, and the
   * private ACL.
   */
  public ObjectInfo summary() {
    return new ObjectInfo(id, bucket, key, size, null, etag, null, status, Acl.PRIVATE, null,
        Map.of(), StandardHeaders.NONE, facts.listed(), null, null, updatedAt, version);
  }

  /** S3's ETag: the multipart one for an object completed from parts, else the MD5. */
  public String s3Etag() {
    return facts.multipart() ? facts.multipartEtag() : etag;
  }
}
