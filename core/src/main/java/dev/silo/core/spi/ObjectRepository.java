package dev.silo.core.spi;

import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.CommonPrefix;
import dev.silo.core.domain.ListingFields;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The bound tenant's object rows, pending and ready. */
public interface ObjectRepository {
  /** The row at bucket and key, whatever its status. */
  Optional<ObjectInfo> find(BucketName bucket, ObjectKey key);

  /**
   * A row with the bytes of its inline blob as stored ({@link dev.silo.core.inline.InlineBlobs}):
   * null when the object's bytes are in the blob store, or when its inline blob is gone (a row read
   * from a cache while an overwrite deleted the blob).
   */
  record WithInline(ObjectInfo row, byte[] inline) {}

  /**
   * As {@link #find(BucketName, ObjectKey)}, with the row's inline bytes read with it: a database
   * joins them in the row's statement, so a small object's download reads once.
   */
  Optional<WithInline> findWithInline(BucketName bucket, ObjectKey key);

  /** The row with this id, whatever its status. */
  Optional<ObjectInfo> find(ObjectId id);

  /**
   * Throws {@link DuplicateException} if the bucket already has a row at that key: at the insert,
   * or where the store defers the write to save a round trip (PostgreSQL), at the unit of work's
   * next statement or its commit. The unit of work fails either way.
   */
  void insert(ObjectInfo object);

  /** Replaces every field of the row with the same id. */
  void update(ObjectInfo object);

  void delete(ObjectId id);

  /**
   * Ready objects of the bucket whose key is greater than {@code after} (or greater or equal when
   * {@code inclusive}), in UTF-8 byte order of the key, at most {@code limit}. {@code after} may
   * be empty to start at the beginning. Whole rows, for work that rewrites every object.
   */
  List<ObjectInfo> scan(BucketName bucket, String after, boolean inclusive, int limit);

  /**
   * The rows of a listing page: as {@link #scan}, each row in the fields the listing shows ({@link
   * ListingFields#of}), without what only serving or rewriting the object needs.
   */
  List<ObjectInfo> page(BucketName bucket, String after, boolean inclusive, int limit, ListingFields fields);

  /**
   * A key a delimited listing visited ({@link #walk}), with its row (in the fields {@link #page} reads)
   * when the listing shows the key as an object; null when a common prefix stands for the key, or
   * the key lies past the prefix and only ends the listing.
   */
  record Visit(String key, ObjectInfo row) {}

  /**
   * The keys a listing with {@code delimiter} visits, in key order, at most {@code limit}: the
   * first ready key from {@code after} (as {@link #page}), then after each key the first one past
   * it, or, when the key falls under a common prefix ({@link CommonPrefix}), past every key under
   * that prefix; it stops after the first key that does not start with {@code prefix}. So a bucket
   * of a thousand folders lists in a thousand keys, whatever the folders hold, and reads no row for
   * them: a row is read only for a key the listing shows as an object ({@link Visit}). This default
   * takes one {@link #page} per key; a database walks them in one statement.
   */
  default List<Visit> walk(
      BucketName bucket, String after, boolean inclusive, String prefix, String delimiter, int limit,
      ListingFields fields) {
    List<Visit> visits = new ArrayList<>();
    String from = after;
    boolean including = inclusive;
    while (visits.size() < limit) {
      List<ObjectInfo> next = page(bucket, from, including, 1, fields);
      if (next.isEmpty()) {
        break;
      }
      String key = next.getFirst().key().value();
      if (!key.startsWith(prefix)) {
        visits.add(new Visit(key, null));
        break;
      }
      String common = CommonPrefix.of(key, prefix, delimiter);
      visits.add(new Visit(key, common == null ? next.getFirst() : null));
      from = common == null ? key : CommonPrefix.past(common);
      including = common != null;
    }
    return visits;
  }

  /** Number of rows (any status) in the bucket. */
  long count(BucketName bucket);

  /**
   * One stretch of a lifecycle rule's walk of the bucket: among the next {@code walk} keys under
   * the rule's prefix after {@code after} (null: from the first), the ready objects the rule covers
   * ({@link dev.silo.core.domain.LifecycleRule#covers}) last modified before {@code before}, in key
   * order, at most {@code limit}; and the key the walk goes on after, null once it reached the end.
   */
  Stretch expiring(BucketName bucket, dev.silo.core.domain.LifecycleRule rule, String after, Instant before, int walk, int limit);

  /** What {@link #expiring} found, and where the walk goes on (null: it reached the prefix's end). */
  record Stretch(List<ObjectInfo> objects, String resumeAfter) {}

  /** Every row of the bucket, any status, at most {@code limit}, for bulk deletion. */
  List<ObjectInfo> anyInBucket(BucketName bucket, int limit);
}
