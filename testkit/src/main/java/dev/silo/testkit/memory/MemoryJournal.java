package dev.silo.testkit.memory;

import dev.silo.core.audit.AuditRecord;
import dev.silo.core.audit.Event;
import dev.silo.core.events.Delivery;
import dev.silo.core.spi.DuplicateException;
import dev.silo.core.spi.JournalRepository;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The audit log and the outbox; an event queues its webhook deliveries in the same transaction. */
record MemoryJournal(String tenant, Tables tables) implements JournalRepository {
  @Override
  public void audit(AuditRecord record) {
    requireOwn(record.tenant());
    append(tables, tenant, record);
  }

  @Override
  public void event(Event event) {
    requireOwn(event.tenant());
    publish(tables, tenant, event);
  }

  @Override
  public List<AuditRecord> auditPage(long afterId, Instant since, String action, int limit) {
    return page(tables, tenant, afterId, since, action, limit);
  }

  private void requireOwn(String claimed) {
    if (claimed != null && !claimed.equals(tenant)) {
      throw new IllegalArgumentException("a journal entry can only be written to its own tenant");
    }
  }

  static void append(Tables tables, String tenant, AuditRecord r) {
    long id = tables.nextId();
    tables.audit.put(id, new AuditRecord(id, tenant, r.time(), r.actor(), r.action(), r.target(), r.outcome(),
        r.requestId(), r.source()));
  }

  /** Writes the event to the outbox and a pending delivery to each active endpoint that wants it. */
  static void publish(Tables tables, String tenant, Event event) {
    if (tables.outbox.values().stream().anyMatch(o -> o.id().equals(event.id()))) {
      throw new DuplicateException("an event with this id already exists");
    }
    long seq = tables.nextId();
    tables.outbox.put(seq, new Tables.OutboxRow(seq, event.id(), tenant, event.type(), event.time(), event.payload()));
    tables.webhooks.values().stream()
        .filter(w -> w.tenant().equals(tenant) && w.row().active())
        .filter(w -> w.row().events().isEmpty() || w.row().events().contains(event.type()))
        .filter(w -> w.row().filter().matches(event.bucket(), event.key()))
        .sorted(java.util.Comparator.comparing(w -> w.row().id()))
        .forEach(w -> {
          long id = tables.nextId();
          tables.deliveries.put(id, new Tables.Owned<>(tenant, new Delivery(id, w.row().id(), event.id(), "pending", 0,
              event.time(), event.time(), null, event.time())));
        });
  }

  /** {@code tenant} null: every tenant's and no tenant's records. */
  static List<AuditRecord> page(Tables tables, String tenant, long afterId, Instant since, String action, int limit) {
    return tables.audit.tailMap(afterId, false).values().stream()
        .filter(r -> tenant == null || tenant.equals(r.tenant()))
        .filter(r -> since == null || !r.time().isBefore(since))
        .filter(r -> action == null || action.equals(r.action()))
        .limit(limit)
        .toList();
  }

  /** Records that are not one tenant's. */
  record Global(Tables tables) implements JournalRepository.Global {
    @Override
    public void audit(AuditRecord record) {
      append(tables, record.tenant(), record);
    }

    @Override
    public void event(Event event) {
      publish(tables, Objects.requireNonNull(event.tenant(), "an event names its tenant"), event);
    }

    @Override
    public List<AuditRecord> auditPage(String tenant, long afterId, Instant since, String action, int limit) {
      return page(tables, tenant, afterId, since, action, limit);
    }

    @Override
    public int pruneAudit(Instant before, int limit) {
      List<Long> old = tables.audit.values().stream()
          .filter(r -> r.time().isBefore(before)).limit(limit).map(AuditRecord::id).toList();
      old.forEach(tables.audit::remove);
      return old.size();
    }
  }
}
