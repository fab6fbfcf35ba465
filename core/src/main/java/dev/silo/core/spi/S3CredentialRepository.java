package dev.silo.core.spi;

import dev.silo.core.domain.S3Credential;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The bound tenant's S3 access keys. */
public interface S3CredentialRepository {
  /** Throws {@link DuplicateException} if the access key id exists (in any tenant). */
  void insert(S3Credential credential);

  /** Revoked and active alike, newest first. */
  List<S3Credential> list();

  Optional<S3Credential> find(String accessKeyId);

  /** A second revocation keeps the first time. */
  void revoke(String accessKeyId, Instant at);

  /**
   * S3 access keys across tenants, for authentication: a lookup by the unique access key id,
   * which is what tells the tenant.
   */
  interface Lookup {
    Optional<S3Credential> find(String accessKeyId);

    void touch(String accessKeyId, Instant lastUsedAt);
  }
}
