package dev.silo.core.spi;

import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import java.util.List;
import java.util.Optional;

/** The bound tenant's object rows, pending and ready. */
public interface ObjectRepository {
  /** The row at bucket and key, whatever its status. */
  Optional<ObjectInfo> find(BucketName bucket, ObjectKey key);

  /** The row with this id, whatever its status. */
  Optional<ObjectInfo> find(ObjectId id);

  /** Throws {@link DuplicateException} if the bucket already has a row at that key. */
  void insert(ObjectInfo object);

  /** Replaces every field of the row with the same id. */
  void update(ObjectInfo object);

  void delete(ObjectId id);

  /**
   * Ready objects of the bucket whose key is greater than {@code after} (or greater or equal when
   * {@code inclusive}), in UTF-8 byte order of the key, at most {@code limit}. {@code after} may
   * be empty to start at the beginning.
   */
  List<ObjectInfo> scan(BucketName bucket, String after, boolean inclusive, int limit);

  /** Number of rows (any status) in the bucket. */
  long count(BucketName bucket);

  /** Every row of the bucket, any status, at most {@code limit}, for bulk deletion. */
  List<ObjectInfo> anyInBucket(BucketName bucket, int limit);
}
