package dev.silo.metadata.jdbc;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tenants that may have a webhook, known in memory where the store is its database's only
 * writer (SQLite: one process holds the data directory's lock), so that an event of a tenant
 * without one skips the fan-out statement: that statement, which finds no endpoint, cost a small
 * PUT about 5 % of its CPU. Read once when the store opens; a tenant is added before its first
 * webhook's row is written, and never removed (a rolled-back or deleted webhook leaves its tenant
 * paying for the statement until the next start, which is only slower, never wrong). On
 * PostgreSQL, where other nodes write, every tenant may.
 */
final class WebhookTenants {
  static final WebhookTenants ALL = new WebhookTenants(null);

  private final Set<String> known;

  private WebhookTenants(Set<String> known) {
    this.known = known;
  }

  /** The tenants that have a webhook row now. */
  static WebhookTenants load(Sql sql) {
    Set<String> known = ConcurrentHashMap.newKeySet();
    known.addAll(sql.list("SELECT DISTINCT tenant_id FROM webhooks", row -> row.getString(1)));
    return new WebhookTenants(known);
  }

  boolean mayHave(String tenant) {
    return known == null || known.contains(tenant);
  }

  /** Before a webhook of {@code tenant} is written: its events fan out from now on. */
  void add(String tenant) {
    if (known != null) {
      known.add(tenant);
    }
  }
}
