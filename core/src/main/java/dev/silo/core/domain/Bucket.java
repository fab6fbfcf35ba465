package dev.silo.core.domain;

import java.time.Instant;

/**
 * A logical namespace of a tenant's objects, with its usage when read, its {@link Versioning}, its
 * {@link Lifecycle}, its S3 object lock ({@code objectLock}, null: off; once on, it stays on) and
 * its {@link BucketTags} and its {@link CorsRules}.
 */
public record Bucket(
    BucketName name, Instant createdAt, Usage usage, Versioning versioning, Lifecycle lifecycle,
    ObjectLock.Configuration objectLock, BucketTags tags, CorsRules cors) {
  public Bucket {
    versioning = versioning == null ? Versioning.OFF : versioning;
    lifecycle = lifecycle == null ? Lifecycle.NONE : lifecycle;
    tags = tags == null ? BucketTags.NONE : tags;
    cors = cors == null ? CorsRules.NONE : cors;
  }

  /** A bucket without object lock, tags or CORS rules. */
  public Bucket(BucketName name, Instant createdAt, Usage usage, Versioning versioning, Lifecycle lifecycle) {
    this(name, createdAt, usage, versioning, lifecycle, null, BucketTags.NONE, CorsRules.NONE);
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
