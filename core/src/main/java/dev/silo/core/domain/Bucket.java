package dev.silo.core.domain;

import java.time.Instant;

/** A logical namespace of a tenant's objects, with its usage when read. */
public record Bucket(BucketName name, Instant createdAt, Usage usage) {}
