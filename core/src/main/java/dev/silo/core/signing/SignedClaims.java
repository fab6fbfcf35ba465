package dev.silo.core.signing;

import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * What a signed URL grants: one method on one key of one bucket of one tenant until an instant.
 * {@code upload} names the pending object a presigned upload fills, and is null for downloads.
 */
public record SignedClaims(
    TenantId tenant,
    BucketName bucket,
    ObjectKey key,
    String method,
    Instant expiresAt,
    ObjectId upload) {

  public SignedClaims {
    Objects.requireNonNull(tenant);
    Objects.requireNonNull(bucket);
    Objects.requireNonNull(key);
    Objects.requireNonNull(method);
    Objects.requireNonNull(expiresAt);
  }
}
