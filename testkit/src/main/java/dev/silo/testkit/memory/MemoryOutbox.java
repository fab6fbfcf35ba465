package dev.silo.testkit.memory;

import dev.silo.core.events.OutboxEntry;
import dev.silo.core.spi.OutboxRepository;
import java.util.List;
import java.util.OptionalLong;

/** The bound tenant's events in commit order. */
record MemoryOutbox(String tenant, Tables tables) implements OutboxRepository {
  @Override
  public List<OutboxEntry> after(long seq, int limit) {
    return tables.outbox.tailMap(seq, false).values().stream()
        .filter(o -> o.tenant().equals(tenant))
        .limit(limit)
        .map(o -> new OutboxEntry(o.seq(), o.id(), o.type(), o.payload()))
        .toList();
  }

  @Override
  public OptionalLong seqOf(String eventId) {
    return tables.outbox.values().stream()
        .filter(o -> o.tenant().equals(tenant) && o.id().equals(eventId))
        .mapToLong(Tables.OutboxRow::seq)
        .findFirst();
  }

  @Override
  public long last() {
    return tables.outbox.values().stream().filter(o -> o.tenant().equals(tenant))
        .mapToLong(Tables.OutboxRow::seq).max().orElse(0);
  }
}
