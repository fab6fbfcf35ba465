package dev.silo.testkit.memory;

import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.MetadataStore;
import dev.silo.testkit.VersioningContract;

/** {@link VersioningContract} over the in-memory stores: the rules in milliseconds. */
class VersioningOnMemoryTest extends VersioningContract {
  @Override
  protected MetadataStore newMetadata() {
    return new MemoryMetadataStore();
  }

  @Override
  protected BlobStore newBlobs() {
    return new MemoryBlobStore();
  }
}
