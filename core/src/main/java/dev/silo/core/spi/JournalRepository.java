package dev.silo.core.spi;

import dev.silo.core.audit.AuditRecord;
import dev.silo.core.audit.Event;
import java.time.Instant;
import java.util.List;

/**
 * The audit log and the event outbox, written in the same transaction as the change they
 * describe, so that neither says something happened that rolled back.
 */
public interface JournalRepository {
  void audit(AuditRecord record);

  void event(Event event);

  /** The tenant's audit records newer than {@code afterId}, oldest first. */
  List<AuditRecord> auditPage(long afterId, Instant since, String action, int limit);

  /** Records that are not one tenant's (operator actions, failed authentication). */
  interface Global {
    void audit(AuditRecord record);

    /** An event of the tenant the event names (operator changes to a tenant). */
    void event(Event event);

    /** Every tenant's records, or one's when {@code tenant} is not null. */
    List<AuditRecord> auditPage(String tenant, long afterId, Instant since, String action, int limit);

    /**
     * Retention, never an API: removes at most {@code limit} records of any tenant that occurred
     * before {@code before}, oldest first, and says how many.
     */
    int pruneAudit(Instant before, int limit);
  }
}
