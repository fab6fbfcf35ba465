package dev.silo.core.domain;

import java.time.Instant;

/**
 * A logical namespace of a tenant's objects, with its usage when read, its {@link Versioning}, its
 * {@link Lifecycle} and its S3 object lock ({@code objectLock}, null: off; once on, it stays on).
 */
public record Bucket(
    BucketName name, Instant createdAt, Usage usage, Versioning versioning, Lifecycle lifecycle,
    ObjectLock.Configuration objectLock) {
  public Bucket {
    versioning = versioning == null ? Versioning.OFF : versioning;
    lifecycle = lifecycle == null ? Lifecycle.NONE : lifecycle;
  }

  /** A bucket without object lock. */
  public Bucket(BucketName name, Instant createdAt, Usage usage, Versioning versioning, Lifecycle lifecycle) {
    this(name, createdAt, usage, versioning, lifecycle, null);
  }

  /** A bucket that was never versioned and has no lifecycle rules. */
  public Bucket(BucketName name, Instant createdAt, Usage usage) {
    this(name, createdAt, usage, Versioning.OFF, Lifecycle.NONE);
  }

  /** The REST API's {@code noncurrent_days}: how long its rule keeps noncurrent versions (null: no such rule). */
  public Integer noncurrentDays() {
    return lifecycle.noncurrentDays();
  }
}
