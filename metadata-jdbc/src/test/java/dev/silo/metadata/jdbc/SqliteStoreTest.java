package dev.silo.metadata.jdbc;

import org.junit.jupiter.params.provider.EnumSource;
import dev.silo.core.domain.ListingFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.silo.core.audit.Event;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.TenantStatus;
import dev.silo.core.domain.Usage;
import dev.silo.core.events.Delivery;
import dev.silo.core.events.Webhook;
import dev.silo.core.spi.GlobalTx;
import dev.silo.core.spi.TenantTx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the SQLite dialect promises beyond the contract: durability settings, locking, speed. */
class SqliteStoreTest {
  @TempDir Path dir;

  private String url() {
    return "jdbc:sqlite:" + dir.resolve("data/silo.db");
  }

  @Test
  void connectionsAreDurableAndStrict() throws Exception {
    try (JdbcMetadataStore store = JdbcMetadataStore.open(url());
        HikariDataSource pool = new HikariDataSource(Dialect.SQLITE.pool(url()));
        Connection c = pool.getConnection()) {
      assertThat(pragma(c, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(c, "synchronous")).isEqualTo("2"); // FULL
      assertThat(pragma(c, "foreign_keys")).isEqualTo("1");
      assertThat(pragma(c, "busy_timeout")).isEqualTo("10000");
      // group commit's savepoints journal in memory, not in a temporary file
      assertThat(pragma(c, "temp_store")).isEqualTo("2"); // MEMORY
      assertThat(c.getAutoCommit()).isTrue();
    }
  }

  @Test
  void readersRefuseWritesAndKeepTheirTemporaryFilesOnDisk() throws Exception {
    try (JdbcMetadataStore store = JdbcMetadataStore.open(url());
        HikariDataSource pool = new HikariDataSource(Dialect.SQLITE.readPool(url()));
        Connection c = pool.getConnection()) {
      assertThat(pragma(c, "query_only")).isEqualTo("1");
      assertThat(pragma(c, "temp_store")).isEqualTo("0"); // DEFAULT: files, as big as a read needs
      assertThat(pragma(c, "synchronous")).isEqualTo("2");
    }
  }

  @Test
  void opensQuickly() {
    long fresh = System.nanoTime();
    JdbcMetadataStore.open(url()).close();
    long freshMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - fresh);
    long again = System.nanoTime();
    JdbcMetadataStore.open(url()).close();
    long againMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - again);
    System.out.printf(
        "SQLite open(): %d ms on a new file (first in this JVM), %d ms on a migrated one%n",
        freshMillis, againMillis);
    assertThat(againMillis).isLessThan(1000);
  }

  @Test
  void anIdleStoreLeavesTheWriteLockToOtherProcesses() throws Exception {
    try (JdbcMetadataStore store = JdbcMetadataStore.open(url())) {
      store.global(tx -> {
        tx.tenants().insert(tenant("first"));
        return null;
      });
      try (Connection other = DriverManager.getConnection(url());
          Statement s = other.createStatement()) {
        s.execute("PRAGMA busy_timeout = 0");
        s.execute("BEGIN IMMEDIATE");
        s.execute("UPDATE tenants SET name = 'by another process'");
        s.execute("COMMIT");
      }
    }
  }

  @Test
  void aWriterWaitsForAnotherProcessInsteadOfFailing() throws Exception {
    try (JdbcMetadataStore store = JdbcMetadataStore.open(url());
        Connection other = DriverManager.getConnection(url());
        Statement s = other.createStatement();
        var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      s.execute("BEGIN IMMEDIATE");
      CountDownLatch started = new CountDownLatch(1);
      Future<?> write = executor.submit(() -> {
        started.countDown();
        return store.global((GlobalTx tx) -> {
          tx.tenants().insert(tenant("waiter"));
          return null;
        });
      });
      started.await();
      Thread.sleep(300);
      assertThat(write).isNotDone();
      s.execute("COMMIT");
      write.get(10, TimeUnit.SECONDS);
      assertThat(store.global((GlobalTx tx) -> tx.tenants().list())).hasSize(1);
    }
  }

  @Test
  void committedRowsSurviveAReopen() {
    Tenant tenant = tenant("kept");
    try (JdbcMetadataStore store = JdbcMetadataStore.open(url())) {
      store.global(tx -> {
        tx.tenants().insert(tenant);
        return null;
      });
      store.inTenant(tenant.id(), tx -> {
        tx.tenant().addUsage(3, 1);
        return null;
      });
    }
    try (JdbcMetadataStore store = JdbcMetadataStore.open(url())) {
      assertThat(store.global((GlobalTx tx) -> tx.tenants().find(tenant.id()))).contains(tenant);
      assertThat(store.global((GlobalTx tx) -> tx.tenants().usage(tenant.id())))
          .isEqualTo(new Usage(3, 1));
    }
  }

  @Test
  void readsRunBesideAWriterThatHoldsItsTransactionAndSeeOnlyCommits() throws Exception {
    Tenant tenant = tenant("beside");
    try (JdbcMetadataStore store = JdbcMetadataStore.open(url())) {
      store.global(tx -> {
        tx.tenants().insert(tenant);
        return null;
      });
      CountDownLatch writing = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(1);
      var pool = Executors.newFixedThreadPool(2);
      try {
        Future<?> writer = pool.submit(() -> store.inTenant(tenant.id(), tx -> {
          tx.tenant().addUsage(7, 1);
          writing.countDown();
          await(done);
          return null;
        }));
        writing.await(10, TimeUnit.SECONDS);
        // the writer holds SQLite's only write connection: a read in the writers' queue would wait
        // for it (a timeout here), a reader of its own answers at once
        assertThat(pool.submit(() -> store.readInTenant(tenant.id(), (TenantTx tx) -> tx.tenant().usage())).get(10, TimeUnit.SECONDS))
            .isEqualTo(new Usage(0, 0));
        assertThat(pool.submit(() -> store.readGlobal((GlobalTx tx) -> tx.tenants().find(tenant.id()))).get(10, TimeUnit.SECONDS))
            .contains(tenant);
        done.countDown();
        writer.get(10, TimeUnit.SECONDS);
      } finally {
        done.countDown();
        pool.shutdownNow();
      }
      assertThat(store.readInTenant(tenant.id(), (TenantTx tx) -> tx.tenant().usage())).isEqualTo(new Usage(7, 1));
    }
  }

  @Test
  void aReadThatWritesIsRefused() {
    Tenant tenant = tenant("readonly");
    try (JdbcMetadataStore store = JdbcMetadataStore.open(url())) {
      assertThatThrownBy(() -> store.readGlobal(tx -> {
            tx.tenants().insert(tenant);
            return null;
          }))
          .isInstanceOf(RuntimeException.class);
      assertThat(store.global((GlobalTx tx) -> tx.tenants().find(tenant.id()))).isEmpty();
    }
  }

  @Test
  void aNestedUnitOfWorkFailsAtOnce() {
    Tenant tenant = tenant("nested");
    try (JdbcMetadataStore store = JdbcMetadataStore.open(url())) {
      store.global(tx -> {
        tx.tenants().insert(tenant);
        return null;
      });
      assertThatThrownBy(
              () -> store.global(tx -> store.inTenant(tenant.id(), t -> t.tenant().get())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("inside another");
      assertThat(store.inTenant(tenant.id(), (TenantTx tx) -> tx.tenant().get())).isEqualTo(tenant);
    }
  }

  @ParameterizedTest
  @EnumSource(ListingFields.class)
  void scanIsARangeOverTheKeyIndex(ListingFields fields) throws Exception {
    JdbcMetadataStore.open(url()).close();
    try (Connection c = DriverManager.getConnection(url());
        PreparedStatement s = c.prepareStatement("EXPLAIN QUERY PLAN " + ObjectsTable.pageQuery(false, fields));
        ResultSet plan = s.executeQuery()) {
      assertThat(details(plan))
          .contains("USING INDEX")
          .contains("object_key>?")
          .doesNotContain("TEMP B-TREE");
    }
  }

  /**
   * A version listing's page is a range of its index from its cursor's key, after a key or after
   * one of its versions, read in listing order: not a scan from the bucket's first key, no sort.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aVersionPageIsARangeFromItsCursor(boolean afterVersion) throws Exception {
    JdbcMetadataStore.open(url()).close();
    try (Connection c = DriverManager.getConnection(url());
        PreparedStatement s = c.prepareStatement("EXPLAIN QUERY PLAN " + VersionsTable.scanQuery(afterVersion, false));
        ResultSet plan = s.executeQuery()) {
      assertThat(details(plan))
          .containsPattern("SEARCH object_versions USING [A-Z ]*INDEX \\S+ \\(tenant_id=\\? AND bucket=\\? AND object_key>\\?\\)")
          .contains("object_versions_in_listing_order")
          .doesNotContain("TEMP B-TREE");
    }
  }

  /**
   * A delimited page seeks the key index once per walked row, then reads each walked row by its
   * key; with a plain JOIN SQLite read the bucket's whole key index and probed the walk instead.
   */
  @ParameterizedTest
  @EnumSource(ListingFields.class)
  void aDelimitedWalkReadsItsRowsByKey(ListingFields fields) throws Exception {
    JdbcMetadataStore.open(url()).close();
    try (Connection c = DriverManager.getConnection(url());
        PreparedStatement s =
            c.prepareStatement("EXPLAIN QUERY PLAN " + ObjectsTable.walkQuery(Dialect.SQLITE, true, fields));
        ResultSet plan = s.executeQuery()) {
      assertThat(details(plan))
          .containsPattern("SEARCH o USING INDEX \\S+ \\(tenant_id=\\? AND bucket=\\? AND object_key>\\?\\)")
          .containsPattern("SEARCH o USING INDEX \\S+ \\(tenant_id=\\? AND bucket=\\? AND object_key=\\?\\)")
          .doesNotContainPattern("\\(tenant_id=\\? AND bucket=\\?\\)\n")
          .doesNotContain("AUTOMATIC");
    }
  }

  @Test
  void refusesOtherDatabases() {
    assertThatThrownBy(() -> JdbcMetadataStore.open("jdbc:mysql://db/silo?password=secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret");
  }

  private static String pragma(Connection c, String name) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + name)) {
      r.next();
      return r.getString(1);
    }
  }

  /** An active tenant with default limits (for the PostgreSQL dialect's tests too). */
  static Tenant tenant(String slug) {
    Instant now = Instant.parse("2026-11-23T00:00:00.001Z");
    return new Tenant(new TenantId(slug.replace("-", "") + "id"), new TenantSlug(slug), slug,
        TenantStatus.ACTIVE, Limits.DEFAULT, now, now);
  }

  @Test
  void unitsThatArriveDuringACommitShareTheNextOneAndAFailingUnitFailsAlone() throws Exception {
    try (JdbcMetadataStore store = JdbcMetadataStore.open(url());
        var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      CommitGroups groups = store.commitGroups();
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Future<?> first = pool.submit(() -> store.global((GlobalTx tx) -> {
        tx.tenants().insert(tenant("group-first"));
        holding.countDown();
        await(release);
        return null;
      }));
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      long before = groups.transactions();
      IllegalStateException refused = new IllegalStateException("this unit changes its mind");
      java.util.List<Future<?>> queued = new java.util.ArrayList<>();
      java.util.Map<String, String> loggedAs = new java.util.concurrent.ConcurrentHashMap<>();
      for (int i = 0; i < 10; i++) {
        String slug = "group-" + i;
        boolean fails = i == 4;
        queued.add(pool.submit(() -> {
          org.slf4j.MDC.put("request_id", "req-" + slug);
          return store.global((GlobalTx tx) -> {
            loggedAs.put(slug, String.valueOf(org.slf4j.MDC.get("request_id")));
            tx.tenants().insert(tenant(slug));
            if (fails) {
              throw refused;
            }
            return null;
          });
        }));
      }
      while (groups.waiting() < 10) {
        Thread.sleep(5);
      }
      release.countDown();
      first.get(10, TimeUnit.SECONDS);
      for (int i = 0; i < 10; i++) {
        if (i == 4) {
          int index = i;
          assertThatThrownBy(() -> queued.get(index).get(10, TimeUnit.SECONDS))
              .hasCause(refused);
        } else {
          queued.get(i).get(10, TimeUnit.SECONDS);
        }
      }
      assertThat(groups.transactions() - before).as("the first unit's, then one for the ten queued").isEqualTo(2);
      for (int i = 0; i < 10; i++) {
        assertThat(loggedAs.get("group-" + i)).as("each unit logs as its own request").isEqualTo("req-group-" + i);
      }
      for (int i = 0; i < 10; i++) {
        String slug = "group-" + i;
        assertThat(store.global((GlobalTx tx) -> tx.tenants().findBySlug(new TenantSlug(slug))))
            .as(slug).matches(found -> found.isPresent() == !slug.equals("group-4"));
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theSweepersQueriesReadTheirIndexesNotTheWholeTable() throws Exception {
    JdbcMetadataStore.open(url()).close();
    try (Connection c = DriverManager.getConnection(url())) {
      assertThat(plan(c, LifecycleQueries.TMP_OBJECTS)).contains("USING INDEX objects_tmp_by_age");
      assertThat(plan(c, LifecycleQueries.PENDING_OBJECTS)).contains("USING INDEX objects_pending_by_age");
      assertThat(plan(c, LifecycleQueries.MULTIPART_UPLOADS)).contains("USING INDEX multipart_uploads_by_age");
    }
  }

  /** SQLite's query plan, one line per step. */
  private static String plan(Connection c, String query) throws SQLException {
    try (var statement = c.prepareStatement("EXPLAIN QUERY PLAN " + query)) {
      statement.setLong(1, 0);
      statement.setInt(2, 100);
      try (ResultSet rows = statement.executeQuery()) {
        return details(rows);
      }
    }
  }

  /** The steps of an EXPLAIN QUERY PLAN, one line each. */
  private static String details(ResultSet plan) throws SQLException {
    StringBuilder out = new StringBuilder();
    while (plan.next()) {
      out.append(plan.getString("detail")).append('\n');
    }
    return out.toString();
  }

  /**
   * Events of a tenant without a webhook skip the fan-out ({@link WebhookTenants}); a tenant's
   * first webhook counts from its own transaction on, and webhooks made before the store was
   * opened count from the start.
   */
  @Test
  void deliveryWatchersHearOnlyOfCommitsThatQueuedADelivery() throws Exception {
    Tenant quiet = tenant("quiet");
    Tenant hooked = tenant("hooked");
    Instant t0 = Instant.parse("2026-12-04T10:00:00Z");
    var events = new java.util.concurrent.atomic.AtomicInteger();
    var deliveries = new java.util.concurrent.atomic.AtomicInteger();
    try (JdbcMetadataStore store = JdbcMetadataStore.open(url());
        AutoCloseable a = store.watchOutbox(events::incrementAndGet);
        AutoCloseable b = store.watchDeliveries(deliveries::incrementAndGet)) {
      store.global(tx -> {
        tx.tenants().insert(quiet);
        tx.tenants().insert(hooked);
        return null;
      });
      store.inTenant(hooked.id(), tx -> {
        tx.webhooks().insert(new Webhook("wh_h", "https://r.example/h", java.util.Set.of("object.deleted"), true, t0));
        return null;
      });
      store.inTenant(quiet.id(), tx -> {
        tx.journal().event(new Event("evt_q", quiet.id().value(), "object.created", t0, "{}"));
        return null;
      });
      store.inTenant(hooked.id(), tx -> { // a type the webhook does not take
        tx.journal().event(new Event("evt_h1", hooked.id().value(), "object.created", t0, "{}"));
        return null;
      });
      assertThat(events).hasValue(2);
      assertThat(deliveries).hasValue(0);
      store.inTenant(hooked.id(), tx -> {
        tx.journal().event(new Event("evt_h2", hooked.id().value(), "object.deleted", t0, "{}"));
        return null;
      });
      assertThat(events).hasValue(3);
      assertThat(deliveries).hasValue(1);
      // a dead delivery re-driven is due again: it wakes the dispatcher too, though it writes no event
      var claimed = store.global(tx -> tx.webhookQueue().claim(t0, t0.plusSeconds(60), 10, java.util.Set.of(), 10));
      assertThat(claimed).hasSize(1);
      store.global(tx -> {
        tx.webhookQueue().dead(claimed.getFirst(), 1, "HTTP 500", t0);
        return null;
      });
      assertThat(deliveries).hasValue(1);
      assertThat(store.inTenant(hooked.id(), (TenantTx tx) -> tx.webhooks().redrive("wh_h", claimed.getFirst().id(), t0)))
          .isTrue();
      assertThat(deliveries).hasValue(2);
      assertThat(events).hasValue(3);
      // the same through group commit: concurrent units, one of which queues a delivery
      Thread[] writers = new Thread[8];
      for (int i = 0; i < writers.length; i++) {
        String id = "evt_g" + i;
        Tenant t = i == 5 ? hooked : quiet;
        String type = i == 5 ? "object.deleted" : "object.created";
        writers[i] = Thread.ofVirtual().start(() -> store.inTenant(t.id(), tx -> {
          tx.journal().event(new Event(id, t.id().value(), type, t0, "{}"));
          return null;
        }));
      }
      for (Thread w : writers) {
        w.join();
      }
      assertThat(deliveries).hasValue(3); // once more: for the one group that held the delivering unit
      assertThat(events.get()).isGreaterThan(3);
    }
  }

  @Test
  void eventsFanOutToWebhooksMadeNowAndBeforeTheStoreWasOpened() {
    Tenant a = tenant("fan-a");
    Tenant b = tenant("fan-b");
    Instant t0 = Instant.parse("2026-12-03T10:00:00Z");
    try (JdbcMetadataStore store = JdbcMetadataStore.open(url())) {
      store.global(tx -> {
        tx.tenants().insert(a);
        tx.tenants().insert(b);
        return null;
      });
      store.inTenant(a.id(), tx -> {
        tx.journal().event(new Event("evt_before", a.id().value(), "object.created", t0, "{}"));
        tx.webhooks().insert(new Webhook("wh_a", "https://r.example/a", java.util.Set.of(), true, t0));
        tx.journal().event(new Event("evt_same_tx", a.id().value(), "object.created", t0, "{}"));
        return null;
      });
      store.inTenant(b.id(), tx -> {
        tx.journal().event(new Event("evt_b", b.id().value(), "object.created", t0, "{}"));
        return null;
      });
      assertThat(store.inTenant(a.id(), (TenantTx tx) -> tx.webhooks().deliveries("wh_a", null, Long.MAX_VALUE, 10)))
          .extracting(Delivery::eventId).containsExactly("evt_same_tx");
      store.inTenant(b.id(), tx -> {
        tx.webhooks().insert(new Webhook("wh_b", "https://r.example/b", java.util.Set.of(), true, t0));
        return null;
      });
    }
    try (JdbcMetadataStore reopened = JdbcMetadataStore.open(url())) {
      for (Tenant t : java.util.List.of(a, b)) {
        reopened.inTenant(t.id(), tx -> {
          tx.journal().event(new Event("evt_after_" + t.slug().value(), t.id().value(), "object.created", t0, "{}"));
          return null;
        });
      }
      assertThat(reopened.inTenant(a.id(), (TenantTx tx) -> tx.webhooks().deliveries("wh_a", null, Long.MAX_VALUE, 10)))
          .extracting(Delivery::eventId).containsExactlyInAnyOrder("evt_same_tx", "evt_after_fan-a");
      assertThat(reopened.inTenant(b.id(), (TenantTx tx) -> tx.webhooks().deliveries("wh_b", null, Long.MAX_VALUE, 10)))
          .extracting(Delivery::eventId).containsExactly("evt_after_fan-b");
    }
  }
}
