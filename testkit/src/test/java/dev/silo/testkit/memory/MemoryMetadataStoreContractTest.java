package dev.silo.testkit.memory;

import dev.silo.core.spi.MetadataStore;
import dev.silo.testkit.MetadataStoreContract;

/** The metadata contract on the in-memory store. */
class MemoryMetadataStoreContractTest extends MetadataStoreContract {
  @Override
  protected MetadataStore newStore() {
    return new MemoryMetadataStore();
  }
}
