package dev.silo.testkit.memory;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.CleanupRepository;
import java.time.Instant;
import java.util.List;

/** Blobs to delete; rows keep their tenant and space, and outlive the tenant. */
record MemoryCleanup(String tenant, Tables tables) implements CleanupRepository {
  @Override
  public long schedule(StorageSpace space, BlobName blob, Instant notBefore) {
    long id = tables.nextId();
    tables.cleanup.put(id, new Entry(id, tenant, space, blob, notBefore));
    return id;
  }

  @Override
  public void cancel(BlobName blob) {
    tables.cleanup.values().removeIf(e -> e.tenant().equals(tenant) && e.blob().equals(blob));
  }

  /** The sweeper's view across tenants, in id order. */
  record Global(Tables tables) implements CleanupRepository.Global {
    @Override
    public List<Entry> due(Instant now, int limit) {
      return tables.cleanup.values().stream().filter(e -> !e.notBefore().isAfter(now)).limit(limit).toList();
    }

    @Override
    public void remove(long id) {
      tables.cleanup.remove(id);
    }
  }
}
