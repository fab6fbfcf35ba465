package dev.silo.core.signing;

import dev.silo.core.auth.Lineage;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * What a signed URL grants: one method on one key of one bucket of one tenant until an instant,
 * on the authority of {@code issuer}, the credential that minted it. {@code upload} names the
 * pending object a presigned upload fills, and is null for downloads. An upload token ({@link
 * #UPLOAD}) names its upload only, so bucket and key are null: the upload pins them. {@code
 * version} (downloads only) names one version of the key, the wire id the URL carries as {@code
 * version_id}; null reads the current object.
 */
public record SignedClaims(
    TenantId tenant,
    BucketName bucket,
    ObjectKey key,
    String method,
    Instant expiresAt,
    ObjectId upload,
    Lineage issuer,
    String version) {
  /** The method of a resumable upload token: creating, then HEAD, PATCH and DELETE of one upload. */
  public static final String UPLOAD = "TUS";

  /** Claims for the current object (or an upload): no version. */
  public SignedClaims(
      TenantId tenant, BucketName bucket, ObjectKey key, String method, Instant expiresAt, ObjectId upload, Lineage issuer) {
    this(tenant, bucket, key, method, expiresAt, upload, issuer, null);
  }

  public SignedClaims {
    Objects.requireNonNull(tenant);
    Objects.requireNonNull(method);
    Objects.requireNonNull(expiresAt);
    Objects.requireNonNull(issuer);
    if (method.equals(UPLOAD) ? upload == null || bucket != null || key != null : bucket == null || key == null) {
      throw new IllegalArgumentException("an upload token names its upload only; a URL its bucket and key");
    }
    if (version != null && !method.equals("GET")) {
      throw new IllegalArgumentException("only a download names a version");
    }
  }
}
