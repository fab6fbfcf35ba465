package dev.silo.core.domain;

import java.time.Instant;

/**
 * A logical namespace of a tenant's objects, with its usage when read, its {@link Versioning}, and
 * how many days a noncurrent version is kept ({@code noncurrentDays} null: for ever).
 */
public record Bucket(BucketName name, Instant createdAt, Usage usage, Versioning versioning, Integer noncurrentDays) {
  public Bucket {
    versioning = versioning == null ? Versioning.OFF : versioning;
  }

  /** A bucket that was never versioned. */
  public Bucket(BucketName name, Instant createdAt, Usage usage) {
    this(name, createdAt, usage, Versioning.OFF, null);
  }
}
