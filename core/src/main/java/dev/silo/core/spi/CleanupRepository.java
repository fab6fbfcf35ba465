package dev.silo.core.spi;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import java.time.Instant;
import java.util.List;

/**
 * Blobs that may have no object pointing at them: one being written (an intent, due after a
 * grace period in case the writer died), or one replaced or deleted (due at once). The sweeper
 * deletes due blobs from the store, then the row. Rows carry the space so that a blob is found
 * again even after its tenant is gone.
 */
public interface CleanupRepository {
  record Entry(long id, String tenant, StorageSpace space, BlobName blob, Instant notBefore) {}

  /** Records the blob; returns the row id. */
  long schedule(StorageSpace space, BlobName blob, Instant notBefore);

  /** Forgets the blob: it is referenced by an object now. */
  void cancel(BlobName blob);

  /** The sweeper's view, across tenants. */
  interface Global {
    List<Entry> due(Instant now, int limit);

    void remove(long id);
  }
}
