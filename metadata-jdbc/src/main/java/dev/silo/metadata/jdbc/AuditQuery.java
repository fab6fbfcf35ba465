package dev.silo.metadata.jdbc;

import dev.silo.core.audit.AuditRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of {@code audit}, oldest first. Optional filters become clauses rather than
 * {@code ? IS NULL OR …}, which PostgreSQL cannot type and no index can serve.
 */
final class AuditQuery {
  private AuditQuery() {}

  /** With the unit of work's next statement: nothing reads the new row's id. */
  static void append(Sql sql, String tenant, AuditRecord record) {
    sql.later(
        "INSERT INTO audit (tenant_id, occurred_at, actor, action, target, outcome, request_id,"
            + " source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        tenant,
        record.time(),
        record.actor(),
        record.action(),
        record.target(),
        record.outcome(),
        record.requestId(),
        record.source());
  }

  /** {@code tenant} null means every tenant's and no tenant's records. */
  static List<AuditRecord> page(
      Sql sql, String tenant, long afterId, Instant since, String action, int limit) {
    StringBuilder query =
        new StringBuilder("SELECT " + Rows.AUDIT_COLUMNS + " FROM audit WHERE id > ?");
    List<Object> args = new ArrayList<>();
    args.add(afterId);
    if (tenant != null) {
      query.append(" AND tenant_id = ?");
      args.add(tenant);
    }
    if (since != null) {
      query.append(" AND occurred_at >= ?");
      args.add(since);
    }
    if (action != null) {
      query.append(" AND action = ?");
      args.add(action);
    }
    query.append(" ORDER BY id LIMIT ?");
    args.add(limit);
    return sql.list(query.toString(), Rows::audit, args.toArray());
  }
}
