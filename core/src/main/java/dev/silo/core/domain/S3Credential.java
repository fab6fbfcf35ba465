package dev.silo.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An S3 access key as stored: the access key id and what it may reach, never the secret (which is
 * derived from the master key and the id whenever it is needed). {@code bucket} null means every
 * bucket of the tenant. {@code scopes}: what requests signed with it may do on the S3 endpoint
 * (every mutating operation needs {@code write} or {@code delete}); every scope when not given.
 */
public record S3Credential(
    String accessKeyId,
    TenantId tenant,
    String description,
    BucketName bucket,
    Instant createdAt,
    Instant lastUsedAt,
    Instant revokedAt,
    Set<Scope> scopes) {

  public S3Credential {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(tenant, "tenant");
    description = description == null ? "" : description;
    scopes = scopes == null || scopes.isEmpty() ? Scope.ALL : Set.copyOf(scopes);
  }

  /** A credential with every scope. */
  public S3Credential(
      String accessKeyId,
      TenantId tenant,
      String description,
      BucketName bucket,
      Instant createdAt,
      Instant lastUsedAt,
      Instant revokedAt) {
    this(accessKeyId, tenant, description, bucket, createdAt, lastUsedAt, revokedAt, Scope.ALL);
  }

  public boolean revoked() {
    return revokedAt != null;
  }
}
