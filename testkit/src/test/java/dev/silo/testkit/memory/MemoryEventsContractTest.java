package dev.silo.testkit.memory;

import dev.silo.core.spi.MetadataStore;
import dev.silo.testkit.EventsStoreContract;

/** The events contract on the in-memory store. */
class MemoryEventsContractTest extends EventsStoreContract {
  @Override
  protected MetadataStore newStore() {
    return new MemoryMetadataStore();
  }
}
