package dev.silo.testkit.memory;

import dev.silo.core.spi.BlobStore;
import dev.silo.testkit.BlobStoreContract;
import java.nio.file.Path;

/** The blob contract on the in-memory store. */
class MemoryBlobStoreContractTest extends BlobStoreContract {
  @Override
  protected BlobStore newStore(Path tempDir) {
    return new MemoryBlobStore();
  }
}
