package dev.silo.core.spi;

import dev.silo.core.domain.Bucket;
import dev.silo.core.domain.BucketName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The bound tenant's buckets; usage is computed from its ready objects. */
public interface BucketRepository {
  /** Throws {@link DuplicateException} if the tenant already has a bucket of that name. */
  void insert(BucketName name, Instant createdAt);

  Optional<Bucket> find(BucketName name);

  boolean exists(BucketName name);

  /** Ordered by name. */
  List<Bucket> list();

  int count();

  void delete(BucketName name);

  void setVersioning(BucketName name, dev.silo.core.domain.Versioning versioning);

  /**
   * Replaces the bucket's lifecycle rules ({@link dev.silo.core.domain.Lifecycle#NONE}: none); the
   * walks of the rules before go, so the new ones start from the first key.
   */
  void setLifecycle(BucketName name, dev.silo.core.domain.Lifecycle lifecycle);

  /** Turns object lock on, or replaces its default retention ({@link dev.silo.core.domain.ObjectLock.Configuration}). */
  void setObjectLock(BucketName name, dev.silo.core.domain.ObjectLock.Configuration objectLock);

  /** Replaces a bucket's CORS rules ({@link dev.silo.core.domain.CorsRules#NONE}: removes them). */
  void setCors(BucketName name, dev.silo.core.domain.CorsRules cors);

  /** Where the bucket's lifecycle walks stopped ({@link dev.silo.core.domain.LifecycleWalks#NONE}: none, or no bucket). */
  dev.silo.core.domain.LifecycleWalks walks(BucketName name);

  void setWalks(BucketName name, dev.silo.core.domain.LifecycleWalks walks);

  /** Replaces a bucket's tags ({@link dev.silo.core.domain.BucketTags#NONE}: removes them). */
  void setTags(BucketName name, dev.silo.core.domain.BucketTags tags);
}
