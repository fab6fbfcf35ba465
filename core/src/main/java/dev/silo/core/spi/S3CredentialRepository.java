package dev.silo.core.spi;

import dev.silo.core.domain.S3Credential;
import dev.silo.core.domain.Tenant;
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

    /**
     * The credential, if it is not revoked, with its tenant: all that authenticating a request
     * reads, in one lookup (one statement on a database, where two in a row cost a small GET a
     * tenth of its time).
     */
    Optional<Live> findLive(String accessKeyId);

    void touch(String accessKeyId, Instant lastUsedAt);
  }

  /** A credential that is not revoked, and its tenant (whatever its status). */
  record Live(S3Credential credential, Tenant tenant) {}
}
