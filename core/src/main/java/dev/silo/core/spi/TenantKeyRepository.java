package dev.silo.core.spi;

import dev.silo.core.domain.TenantKey;
import java.util.List;

/**
 * One tenant's data keys (wrapped). They go with the tenant's other rows when it is deleted
 * ({@link TenantRepository#delete}), in that same transaction: what crypto-shreds its blobs.
 */
public interface TenantKeyRepository {
  /** Every version, oldest first. */
  List<TenantKey> list();

  /** Adds a version; throws {@link DuplicateException} if that version exists (a concurrent rotation won). */
  void insert(TenantKey key);

  /** Replaces a version's wrapping (master-key rotation); the key itself is unchanged. */
  void rewrap(int version, byte[] wrapped, int masterVersion);
}
