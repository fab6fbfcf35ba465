package dev.silo.core.write;

import dev.silo.core.domain.Acl;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.ObjectLock;
import dev.silo.core.domain.ObjectTags;
import dev.silo.core.domain.StandardHeaders;
import dev.silo.core.domain.SystemFacts;
import dev.silo.core.object.Conditions;
import dev.silo.core.object.StagedBlob;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Publisher} makes current: the blob (complete, durable, with its size and hashes),
 * where it goes and what it carries (user metadata, stored standard headers, typed system facts). {@code contentType} is as the client sent it (the policy
 * normalizes and checks it). {@code newId}: the id a new object gets (null: a fresh one), so
 * uploads whose key was computed from their id keep the two in step. {@code reservation}: the
 * upload whose reserved bytes the publication turns into usage (null: none). {@code ownPending}:
 * the pending row this publication completes (presigned uploads). {@code completesUpload}: also
 * emit {@code upload.completed}. {@code lock}: the object lock the client asked for (null or
 * none: the bucket's default retention, if it has one).
 */
public record Publication(
    BucketName bucket,
    ObjectKey key,
    String contentType,
    Acl acl,
    String folder,
    Map<String, String> metadata,
    StandardHeaders headers,
    SystemFacts facts,
    Conditions conditions,
    StagedBlob blob,
    ObjectId newId,
    String reservation,
    ObjectId ownPending,
    boolean completesUpload,
    ObjectTags tags,
    ObjectLock lock) {

  /** A publication without an object lock of its own. */
  public Publication(
      BucketName bucket, ObjectKey key, String contentType, Acl acl, String folder, Map<String, String> metadata,
      StandardHeaders headers, SystemFacts facts, Conditions conditions, StagedBlob blob, ObjectId newId,
      String reservation, ObjectId ownPending, boolean completesUpload, ObjectTags tags) {
    this(bucket, key, contentType, acl, folder, metadata, headers, facts, conditions, blob, newId, reservation, ownPending,
        completesUpload, tags, ObjectLock.NONE);
  }

  /** A publication without tags. */
  public Publication(
      BucketName bucket, ObjectKey key, String contentType, Acl acl, String folder, Map<String, String> metadata,
      StandardHeaders headers, SystemFacts facts, Conditions conditions, StagedBlob blob, ObjectId newId,
      String reservation, ObjectId ownPending, boolean completesUpload) {
    this(bucket, key, contentType, acl, folder, metadata, headers, facts, conditions, blob, newId, reservation, ownPending,
        completesUpload, ObjectTags.NONE);
  }

  public Publication {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(blob, "blob");
    acl = acl == null ? Acl.PRIVATE : acl;
    metadata = metadata == null ? Map.of() : metadata;
    conditions = conditions == null ? Conditions.NONE : conditions;
    tags = tags == null ? ObjectTags.NONE : tags;
    lock = lock == null ? ObjectLock.NONE : lock;
  }
}
