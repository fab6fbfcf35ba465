package dev.silo.testkit.memory;

import dev.silo.core.spi.BlobStore;
import dev.silo.testkit.AppendableBlobsContract;
import java.nio.file.Path;

/** The append contract on the in-memory store. */
class MemoryAppendableBlobsContractTest extends AppendableBlobsContract {
  @Override
  protected BlobStore newStore(Path root) {
    return new MemoryBlobStore();
  }
}
