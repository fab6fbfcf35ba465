package dev.silo.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a tenant's data key, as the metadata store holds it: only wrapped (encrypted
 * under the master key of version {@code masterVersion}), never in plain text. The newest version
 * encrypts new blobs; older ones stay to read what they encrypted until {@code silo reencrypt}
 * moves it. Deleting the tenant deletes every version (crypto-shredding).
 */
public record TenantKey(int version, byte[] wrapped, int masterVersion, Instant createdAt) {
  public TenantKey {
    Objects.requireNonNull(wrapped, "wrapped");
    Objects.requireNonNull(createdAt, "createdAt");
    if (version < 1 || masterVersion < 1) {
      throw new IllegalArgumentException("key version " + version + ", master version " + masterVersion);
    }
    wrapped = wrapped.clone();
  }

  @Override
  public byte[] wrapped() {
    return wrapped.clone();
  }
}
