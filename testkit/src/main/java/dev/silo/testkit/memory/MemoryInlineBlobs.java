package dev.silo.testkit.memory;

import dev.silo.core.domain.BlobName;
import dev.silo.core.spi.DuplicateException;
import dev.silo.core.spi.InlineBlobRepository;
import java.util.Arrays;
import java.util.Optional;

/** The bound tenant's inline blobs; copies go in and out, so no caller shares a stored array. */
record MemoryInlineBlobs(String tenant, Tables tables) implements InlineBlobRepository {
  @Override
  public void put(BlobName name, byte[] bytes) {
    Tables.TenantKey key = new Tables.TenantKey(tenant, name.value());
    if (tables.inline.containsKey(key)) {
      throw new DuplicateException("inline blob " + name);
    }
    tables.inline.put(key, Arrays.copyOf(bytes, bytes.length));
  }

  @Override
  public Optional<byte[]> get(BlobName name) {
    byte[] stored = tables.inline.get(new Tables.TenantKey(tenant, name.value()));
    return stored == null ? Optional.empty() : Optional.of(Arrays.copyOf(stored, stored.length));
  }

  @Override
  public boolean delete(BlobName name) {
    return tables.inline.remove(new Tables.TenantKey(tenant, name.value())) != null;
  }
}
