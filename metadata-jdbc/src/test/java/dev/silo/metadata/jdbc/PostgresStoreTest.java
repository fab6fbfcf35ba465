package dev.silo.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.silo.core.audit.Event;
import dev.silo.core.domain.Tenant;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.events.Webhook;
import dev.silo.testkit.PostgresSandbox;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the PostgreSQL dialect promises beyond the contract. */
class PostgresStoreTest {
  @Test
  void anUnreachableServerIsUnavailable() {
    assertThatThrownBy(() -> JdbcMetadataStore.open(
            "jdbc:postgresql://127.0.0.1:1/silo?user=nobody&connectTimeout=2"))
        .isInstanceOf(UnavailableException.class);
  }

  /**
   * Start-up names what undoes the store's guarantees: a role that row-level security does not
   * bind (the sandbox's admin is a superuser, its app role is not), and autovacuum turned off,
   * whichever the server under test has.
   */
  @Test
  void startUpWarnsOfARoleThatBypassesRowSecurityAndOfAutovacuumTurnedOff() throws Exception {
    assumeTrue(PostgresSandbox.configured(), PostgresSandbox.SKIPPED);
    try (PostgresSandbox sandbox = PostgresSandbox.create()) {
      boolean autovacuum;
      try (Connection c = DriverManager.getConnection(sandbox.adminUrl());
          ResultSet r = c.createStatement().executeQuery("SHOW autovacuum")) {
        r.next();
        autovacuum = r.getString(1).equals("on");
      }
      List<String> app = warnings(sandbox.appUrl());
      List<String> admin = warnings(sandbox.adminUrl());

      assertThat(admin).anyMatch(w -> w.contains("BYPASSRLS"));
      assertThat(app).hasSize(autovacuum ? 0 : 1).noneMatch(w -> w.contains("BYPASSRLS"));
      assertThat(admin).filteredOn(w -> w.contains("autovacuum is off")).hasSize(autovacuum ? 0 : 1);
    }
  }

  /** The warnings of a pool made as the store makes its own. */
  private static List<String> warnings(String url) {
    try (HikariDataSource pool = new HikariDataSource(Dialect.POSTGRESQL.pool(url))) {
      return Dialect.POSTGRESQL.warnings(pool);
    }
  }

  /**
   * Two nodes on one database: the second hears of every commit with events through LISTEN, and
   * its webhook dispatcher only of those that queued a delivery (their own NOTIFY channel).
   */
  @Test
  void anotherNodesDispatcherHearsOnlyOfCommitsThatQueuedADelivery() throws Exception {
    assumeTrue(PostgresSandbox.configured(), PostgresSandbox.SKIPPED);
    Instant t0 = Instant.parse("2026-12-04T10:00:00Z");
    Tenant quiet = SqliteStoreTest.tenant("quiet");
    Tenant hooked = SqliteStoreTest.tenant("hooked");
    AtomicInteger events = new AtomicInteger();
    AtomicInteger deliveries = new AtomicInteger();
    AtomicInteger written = new AtomicInteger();
    try (PostgresSandbox sandbox = PostgresSandbox.create();
        JdbcMetadataStore a = JdbcMetadataStore.open(sandbox.appUrl(), sandbox.ownerUrl());
        JdbcMetadataStore b = JdbcMetadataStore.open(sandbox.appUrl(), sandbox.ownerUrl());
        AutoCloseable e = b.watchOutbox(events::incrementAndGet);
        AutoCloseable d = b.watchDeliveries(deliveries::incrementAndGet)) {
      a.global(tx -> {
        tx.tenants().insert(quiet);
        tx.tenants().insert(hooked);
        return null;
      });
      a.inTenant(hooked.id(), tx -> {
        tx.webhooks().insert(new Webhook("wh_h", "https://r.example/h", Set.of("object.deleted"), true, t0));
        return null;
      });
      IntSupplier event = () -> {
        String id = "evt_" + written.incrementAndGet();
        return a.inTenant(quiet.id(), tx -> {
          tx.journal().event(new Event(id, quiet.id().value(), "object.created", t0, "{}"));
          return 0;
        });
      };
      // until b's LISTEN is up, notices go nowhere: write until one arrives
      awaitTrue(() -> events.get() > 0, event);
      assertThat(deliveries).hasValue(0);
      a.inTenant(hooked.id(), tx -> {
        tx.journal().event(new Event("evt_hooked", hooked.id().value(), "object.deleted", t0, "{}"));
        return null;
      });
      awaitTrue(() -> deliveries.get() > 0, () -> 0);
      int seen = events.get();
      awaitTrue(() -> events.get() > seen, event); // notices arrive in commit order
      assertThat(deliveries).hasValue(1);
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier done, IntSupplier meanwhile) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 10 s for a notice").isLessThan(deadline);
      meanwhile.getAsInt();
      Thread.sleep(20);
    }
  }

  @Test
  void scanIsARangeOverTheKeyIndexInByteOrder() throws Exception {
    String url = PostgresContractTest.URL;
    assumeTrue(PostgresContractTest.configured(), "SILO_TEST_DATABASE_URL is not set");
    String schema = "silo_test_" + UUID.randomUUID().toString().replace("-", "");
    PostgresContractTest.execute(url, "CREATE SCHEMA " + schema);
    try {
      JdbcMetadataStore.open(PostgresContractTest.inSchema(url, schema)).close();
      try (Connection c = DriverManager.getConnection(PostgresContractTest.inSchema(url, schema));
          Statement s = c.createStatement()) {
        s.execute("SET enable_seqscan = off");
        StringBuilder plan = new StringBuilder();
        try (ResultSet r = s.executeQuery(
            "EXPLAIN SELECT id FROM objects WHERE tenant_id = 't' AND bucket = 'b'"
                + " AND status = 'ready' AND object_key > 'k' ORDER BY object_key LIMIT 10")) {
          while (r.next()) {
            plan.append(r.getString(1)).append('\n');
          }
        }
        assertThat(plan.toString()).contains("Index Scan").doesNotContain("Sort");
        Map<String, String> collations = new TreeMap<>();
        try (ResultSet r = s.executeQuery(
            "SELECT table_name || '.' || column_name, collation_name"
                + " FROM information_schema.columns WHERE table_schema = current_schema()"
                + " AND collation_name IS NOT NULL")) {
          while (r.next()) {
            collations.put(r.getString(1), r.getString(2));
          }
        }
        assertThat(collations)
            .containsEntry("objects.object_key", "C")
            .containsEntry("objects.bucket", "C")
            .containsEntry("buckets.name", "C")
            .containsEntry("tenants.slug", "C");
      }
    } finally {
      PostgresContractTest.execute(url, "DROP SCHEMA " + schema + " CASCADE");
    }
  }
}
