package dev.silo.core.spi;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The bound tenant's noncurrent versions and delete markers ({@code object_versions}). The current
 * version of a key stays in {@link ObjectRepository}, so listings and lookups of current objects
 * are untouched by versioning. Invariant kept by the core ({@code dev.silo.core.version}): a key
 * has a current row unless its newest version is a delete marker. A noncurrent version's bytes
 * count in the tenant's and bucket's usage as a current one's do (a delete marker counts nothing);
 * the store moves the bucket counters, the caller the tenant's.
 */
public interface VersionRepository {
  /** Throws {@link DuplicateException} if the key already has a version of that id. */
  void insert(StoredVersion version);

  /** The version of the key with this id (Silo's id, not the wire {@code null}). */
  Optional<StoredVersion> find(BucketName bucket, ObjectKey key, String versionId);

  /** The key's noncurrent null version (or null delete marker), if any. */
  Optional<StoredVersion> findNull(BucketName bucket, ObjectKey key);

  /** The key's newest noncurrent version or marker. */
  Optional<StoredVersion> newest(BucketName bucket, ObjectKey key);

  void delete(BucketName bucket, ObjectKey key, String versionId);

  /** Replaces the tags of a stored version (nothing when the key has no such version). */
  void setTags(BucketName bucket, ObjectKey key, String versionId, dev.silo.core.domain.ObjectTags tags);

  /** Replaces the object lock of a stored version (nothing when the key has no such version). */
  void setLock(BucketName bucket, ObjectKey key, String versionId, dev.silo.core.domain.ObjectLock lock);

  /**
   * Versions of the bucket in listing order, key ascending (UTF-8 bytes) then version id
   * descending (newest first), starting after a position: with {@code beforeVersion} non-null,
   * the versions of {@code key} older than it and then every later key; without, the keys greater
   * than {@code key} (or equal when {@code inclusive}). At most {@code limit}. Each row as a
   * listing reads it ({@link StoredVersion#listed}): the version listing is its one reader, and
   * shows no blob.
   */
  List<StoredVersion> scan(BucketName bucket, String key, String beforeVersion, boolean inclusive, int limit);

  /** Rows (versions and markers) of the bucket, at most {@code limit}, for bulk deletion. */
  List<StoredVersion> anyInBucket(BucketName bucket, int limit);

  /**
   * One stretch of a lifecycle rule's walk of the bucket's versions, in listing order (key, then
   * newest first): among the next {@code walk} rows under the rule's prefix after {@code after}
   * (null: from the first), the versions the rule covers ({@link
   * dev.silo.core.domain.LifecycleRule#covers}: prefix, tags, size) that became noncurrent before
   * {@code before}, and (for a rule of a prefix alone) delete markers written before it that are
   * not the newest of their key; at most {@code limit}; and where the walk goes on, null once it
   * reached the end.
   */
  VersionStretch noncurrent(BucketName bucket, dev.silo.core.domain.LifecycleRule rule, Position after, Instant before, int walk, int limit);

  /** A row's place in the listing order of versions: its key and version id. */
  record Position(String key, String versionId) {
    public static Position of(StoredVersion v) {
      return new Position(v.object().key().value(), v.versionId());
    }

    /** As a lifecycle walk's place is kept: the version id (encoded, so it holds no space), a space, the key. */
    public static String placeOf(Position p) {
      return p == null ? null : java.net.URLEncoder.encode(p.versionId(), java.nio.charset.StandardCharsets.UTF_8) + " " + p.key();
    }

    /** The position {@link #placeOf} kept; null for none. */
    public static Position ofPlace(String place) {
      if (place == null) {
        return null;
      }
      int space = place.indexOf(' ');
      return new Position(place.substring(space + 1), java.net.URLDecoder.decode(place.substring(0, space), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** What {@link #noncurrent} found, and where the walk goes on (null: it reached the prefix's end). */
  record VersionStretch(List<StoredVersion> versions, Position resumeAfter) {}

  /**
   * One stretch of a walk of the bucket's versions under {@code prefix}, as {@link #noncurrent}
   * walks them: the delete markers among the next {@code walk} rows after {@code after} that are
   * all that is left of their key (no current row, no other version), at most {@code limit}; and
   * where the walk goes on, null once it reached the end.
   */
  VersionStretch orphanMarkers(BucketName bucket, String prefix, Position after, int walk, int limit);

  /** Bytes and number of the tenant's noncurrent versions (markers not counted). */
  dev.silo.core.domain.Usage noncurrentUsage();

  /**
   * Records one more row referencing {@code blob} (a restore that shares the bytes of a version).
   * A blob without a record has exactly one referencing row.
   */
  void shareBlob(BlobName blob);

  /**
   * One referencing row of {@code blob} is going: true if another still references it (its count
   * goes down, and the blob must not be deleted), false if it was the only one.
   */
  boolean releaseBlob(BlobName blob);
}
