package dev.silo.core.domain;

/**
 * How an object's blob is encrypted: the version of its tenant's data key (the key id is the
 * tenant's; a blob assembled from parts written across a rotation records the oldest version it
 * holds) and the blob's size in the store, header, tags and framing included. An object without a
 * seal is stored in plain text; its stored size is its size.
 */
public record BlobSeal(int keyVersion, long storedSize) {
  public BlobSeal {
    if (keyVersion < 1 || storedSize < 0) {
      throw new IllegalArgumentException("key version " + keyVersion + ", stored size " + storedSize);
    }
  }
}
