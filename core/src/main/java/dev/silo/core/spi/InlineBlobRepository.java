package dev.silo.core.spi;

import dev.silo.core.domain.BlobName;
import java.util.Optional;

/**
 * The bound tenant's inline blobs: the bytes of small objects, kept in the metadata store and
 * written in the transaction that publishes them (one group-committed sync, no file). The bytes
 * are stored as given: {@link dev.silo.core.inline.InlineBlobs} turns plaintext into them and back.
 */
public interface InlineBlobRepository {
  /** Stores the bytes under a fresh name (names are never reused). */
  void put(BlobName name, byte[] bytes);

  /** The stored bytes, or empty when the blob was deleted (an overwrite committed meanwhile). */
  Optional<byte[]> get(BlobName name);

  /** Deletes the blob; true when there was one. */
  boolean delete(BlobName name);
}
