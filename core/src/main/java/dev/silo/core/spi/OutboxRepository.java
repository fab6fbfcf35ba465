package dev.silo.core.spi;

import dev.silo.core.events.OutboxEntry;
import java.util.List;
import java.util.OptionalLong;

/** The bound tenant's events in commit order, for event streams. */
public interface OutboxRepository {
  /** Events after {@code seq}, oldest first. */
  List<OutboxEntry> after(long seq, int limit);

  /** The position of an event of this tenant. */
  OptionalLong seqOf(String eventId);

  /** The position of the newest event, 0 when there is none. */
  long last();
}
