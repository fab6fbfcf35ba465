package dev.silo.testkit.memory;

import dev.silo.core.domain.S3Credential;
import dev.silo.core.spi.DuplicateException;
import dev.silo.core.spi.S3CredentialRepository;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The bound tenant's S3 access keys; an access key id is unique across tenants. */
record MemoryS3Credentials(String tenant, Tables tables) implements S3CredentialRepository {
  @Override
  public void insert(S3Credential credential) {
    if (tables.s3Credentials.putIfAbsent(credential.accessKeyId(), credential) != null) {
      throw new DuplicateException("an S3 credential with this access key id already exists");
    }
  }

  @Override
  public List<S3Credential> list() {
    return tables.s3Credentials.values().stream()
        .filter(c -> c.tenant().value().equals(tenant))
        .sorted(Comparator.comparing(S3Credential::createdAt).thenComparing(S3Credential::accessKeyId).reversed())
        .toList();
  }

  @Override
  public Optional<S3Credential> find(String accessKeyId) {
    return Optional.ofNullable(tables.s3Credentials.get(accessKeyId)).filter(c -> c.tenant().value().equals(tenant));
  }

  @Override
  public void revoke(String accessKeyId, Instant at) {
    tables.credentialsChanged = true;
    find(accessKeyId).filter(c -> !c.revoked()).ifPresent(c -> tables.s3Credentials.put(accessKeyId,
        new S3Credential(c.accessKeyId(), c.tenant(), c.description(), c.bucket(), c.createdAt(), c.lastUsedAt(), at,
            c.scopes())));
  }

  /** Authentication's lookup across tenants. */
  record Lookup(Tables tables) implements S3CredentialRepository.Lookup {
    @Override
    public Optional<S3Credential> find(String accessKeyId) {
      return Optional.ofNullable(tables.s3Credentials.get(accessKeyId));
    }

    @Override
    public Optional<Live> findLive(String accessKeyId) {
      return find(accessKeyId)
          .filter(c -> !c.revoked())
          .flatMap(c -> Optional.ofNullable(tables.tenants.get(c.tenant().value())).map(t -> new Live(c, t)));
    }

    @Override
    public void touch(String accessKeyId, Instant lastUsedAt) {
      find(accessKeyId).ifPresent(c -> tables.s3Credentials.put(accessKeyId,
          new S3Credential(c.accessKeyId(), c.tenant(), c.description(), c.bucket(), c.createdAt(), lastUsedAt,
              c.revokedAt(), c.scopes())));
    }
  }
}
