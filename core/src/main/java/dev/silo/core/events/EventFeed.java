package dev.silo.core.events;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.Scope;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.support.Positions;
import java.util.List;

/**
 * A tenant's events in commit order, for event streams: the outbox is the log, a position in it
 * ({@code seq}) is where a stream stands, and an event id given back ({@code Last-Event-ID})
 * resumes right after that event.
 */
public final class EventFeed {
  private final MetadataStore metadata;
  private final Positions positions;

  public EventFeed(MetadataStore metadata, Positions positions) {
    this.metadata = metadata;
    this.positions = positions;
  }

  /**
   * A stream's position as the tenant may see it: opaque, and unchanged while only other tenants
   * write (the outbox sequence is shared by all tenants).
   */
  public String position(RequestContext ctx, long seq) {
    return positions.encode(Positions.Kind.EVENT, ctx.tenant().value(), seq);
  }

  /**
   * Where a stream starts: after the event the client last saw, or at the newest event when it saw
   * none (a new stream tells what happens from now on). An id the tenant does not have starts at
   * the oldest event kept, so a client never misses one.
   */
  public long start(RequestContext ctx, String lastEventId) {
    ctx.require(Scope.READ);
    return metadata.inTenant(
        ctx.tenant(),
        tx -> lastEventId == null || lastEventId.isBlank() ? tx.outbox().last() : tx.outbox().seqOf(lastEventId).orElse(0L));
  }

  public List<OutboxEntry> after(RequestContext ctx, long seq, int limit) {
    ctx.require(Scope.READ);
    return metadata.inTenant(ctx.tenant(), tx -> tx.outbox().after(seq, limit));
  }
}
