package dev.silo.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * An S3 access key as stored: the access key id and what it may reach, never the secret (which is
 * derived from the master key and the id whenever it is needed). {@code bucket} null means every
 * bucket of the tenant.
 */
public record S3Credential(
    String accessKeyId,
    TenantId tenant,
    String description,
    BucketName bucket,
    Instant createdAt,
    Instant lastUsedAt,
    Instant revokedAt) {

  public S3Credential {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(tenant, "tenant");
    description = description == null ? "" : description;
  }

  public boolean revoked() {
    return revokedAt != null;
  }
}
