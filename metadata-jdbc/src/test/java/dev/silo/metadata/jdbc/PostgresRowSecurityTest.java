package dev.silo.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.domain.TenantId;
import dev.silo.testkit.PostgresSandbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Row-level security stops a statement that forgets its tenant. The statements here are what a
 * buggy repository would run: raw SQL with no tenant filter, inside the store's own tenant-bound
 * unit of work, as the app role (not a superuser, no BYPASSRLS, not the owner).
 */
@EnabledIfEnvironmentVariable(
    named = "SILO_TEST_DATABASE_URL",
    matches = ".*\\S.*",
    disabledReason = PostgresSandbox.SKIPPED)
class PostgresRowSecurityTest {
  static final TenantId A = new TenantId("rlsalpha");
  static final TenantId B = new TenantId("rlsbravo");

  static PostgresSandbox sandbox;
  static JdbcMetadataStore store;

  @BeforeAll
  static void open() throws Exception {
    sandbox = PostgresSandbox.create();
    store = JdbcMetadataStore.open(sandbox.appUrl(), sandbox.ownerUrl());
  }

  @AfterAll
  static void close() throws Exception {
    if (store != null) {
      store.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  /** Two objects of A, three of B, written behind the store's back by the superuser. */
  @BeforeEach
  void rows() throws Exception {
    admin("DELETE FROM objects", "DELETE FROM buckets", "DELETE FROM tenants");
    for (TenantId t : List.of(A, B)) {
      admin("INSERT INTO tenants (id, slug, name, status, max_buckets, allowed_content_types)"
              + " VALUES ('" + t.value() + "', '" + t.value() + "', 'n', 'active', 1, '')",
          "INSERT INTO buckets (tenant_id, name) VALUES ('" + t.value() + "', 'b')");
    }
    for (int i = 0; i < 5; i++) {
      TenantId t = i < 2 ? A : B;
      admin("INSERT INTO objects (id, tenant_id, bucket, object_key, size, status, acl, metadata)"
          + " VALUES ('o" + i + "', '" + t.value() + "', 'b', 'k" + i + "', 10, 'ready', 'private', '{}')");
    }
  }

  @Test
  void aQueryWithoutTheTenantSeesOnlyTheBoundTenant() {
    assertThat(inTenant(A, "SELECT count(*) FROM objects")).isEqualTo(2);
    assertThat(inTenant(B, "SELECT count(*) FROM objects")).isEqualTo(3);
    assertThat(inTenant(A, "SELECT count(*) FROM tenants")).isEqualTo(1);
    assertThat(inTenant(A, "SELECT count(*) FROM buckets")).isEqualTo(1);
    // even naming the other tenant outright finds nothing
    assertThat(inTenant(A, "SELECT count(*) FROM objects WHERE tenant_id = '" + B.value() + "'"))
        .isZero();
    // global work (authentication, the sweeper, the operator) sees every tenant
    assertThat(inTenant(null, "SELECT count(*) FROM objects")).isEqualTo(5);
  }

  @Test
  void anUpdateOrDeleteWithoutTheTenantTouchesOnlyTheBoundTenant() throws Exception {
    assertThat(update(A, "UPDATE objects SET size = 999")).isEqualTo(2);
    assertThat(update(A, "DELETE FROM objects WHERE size = 10"))
        .isZero();
    assertThat(adminCount("SELECT count(*) FROM objects WHERE tenant_id = '" + B.value()
            + "' AND size = 10")).isEqualTo(3);
    assertThat(update(B, "DELETE FROM objects")).isEqualTo(3);
    assertThat(adminCount("SELECT count(*) FROM objects WHERE tenant_id = '" + A.value() + "'"))
        .isEqualTo(2);
  }

  @Test
  void aTenantCannotWriteARowOfAnother() throws Exception {
    assertThatThrownBy(() -> update(A,
            "INSERT INTO buckets (tenant_id, name) VALUES (?, 'planted')", B.value()))
        .isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> update(A,
            "UPDATE buckets SET tenant_id = ? WHERE tenant_id = ?", B.value(), A.value()))
        .isInstanceOf(RuntimeException.class);
    assertThat(adminCount("SELECT count(*) FROM buckets WHERE name = 'planted'")).isZero();
  }

  @Test
  void nothingIsVisibleOutsideAUnitOfWorkAndASessionSettingCannotWidenTenantWork()
      throws Exception {
    try (Connection c = DriverManager.getConnection(sandbox.appUrl())) {
      assertThat(count(c, "SELECT count(*) FROM objects")).isZero();
      // a session-wide scope left on a connection (by a bug, or anything before) does not survive
      // the tenant binding of the next unit of work
      try (Statement s = c.createStatement()) {
        s.execute("SET silo.scope = 'global'");
      }
      c.setAutoCommit(false);
      bind(c, A);
      assertThat(count(c, "SELECT count(*) FROM objects")).isEqualTo(2);
      c.rollback();
    }
  }

  @Test
  void theAppRoleIsBoundByRowSecurityOnEveryTenantTable() throws Exception {
    try (Connection c = DriverManager.getConnection(sandbox.appUrl());
        Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery(
          "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getBoolean(1)).as("superuser").isFalse();
        assertThat(r.getBoolean(2)).as("bypassrls").isFalse();
      }
      assertThat(count(c, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
          + " AND tableowner = current_user")).as("tables the app role owns").isZero();
      // every table with a tenant column (and tenants itself) has its policy, enabled and forced;
      // a future migration that adds a tenant table without one fails here
      List<String> unguarded = new ArrayList<>();
      try (ResultSet r = s.executeQuery(
          "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
              + " WHERE n.nspname = current_schema() AND c.relkind = 'r'"
              + " AND (c.relname = 'tenants' OR EXISTS (SELECT 1 FROM pg_attribute a"
              + "   WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped))"
              + " AND NOT (c.relrowsecurity AND c.relforcerowsecurity"
              + "   AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid))")) {
        while (r.next()) {
          unguarded.add(r.getString(1));
        }
      }
      assertThat(unguarded).as("tenant tables without forced row-level security").isEmpty();
      assertThat(count(c, "SELECT count(*) FROM pg_class c JOIN pg_namespace n"
          + " ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
          + " AND c.relrowsecurity")).isGreaterThanOrEqualTo(10);
    }
  }

  /**
   * Every table's policy reads the binding once per statement (an InitPlan), not once for each row
   * its scan reads: no scan's plan calls {@code current_setting} per row.
   */
  @Test
  void everyPolicyReadsTheBindingOncePerStatement() throws Exception {
    try (Connection c = DriverManager.getConnection(sandbox.appUrl())) {
      c.setAutoCommit(false);
      bind(c, A);
      List<String> tables = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT c.relname FROM pg_class c JOIN pg_namespace n"
              + " ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relrowsecurity"
              + " ORDER BY 1")) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
      assertThat(tables).contains("objects", "tenants", "audit");
      for (String table : tables) {
        assertThat(explain(c, "SELECT * FROM " + table))
            .as(table)
            .contains("InitPlan")
            .doesNotContain("current_setting");
      }
      c.rollback();
    }
  }

  /** FORCE binds the tables' owner too; migrations widen their own session to see every row. */
  @Test
  void theOwnerIsBoundAndMigrationsSeeEveryTenant() throws Exception {
    try (Connection c = DriverManager.getConnection(sandbox.ownerUrl())) {
      assertThat(count(c, "SELECT count(*) FROM objects")).isZero();
      try (Statement s = c.createStatement()) {
        s.execute(Dialect.POSTGRESQL.migrationInitSql());
      }
      assertThat(count(c, "SELECT count(*) FROM objects")).isEqualTo(5);
    }
  }

  /** The policy's filter does not keep the key range from being an index scan in key order. */
  @Test
  void aBoundScanIsStillARangeOverTheKeyIndex() throws Exception {
    try (Connection c = DriverManager.getConnection(sandbox.appUrl())) {
      c.setAutoCommit(false);
      bind(c, A);
      try (Statement s = c.createStatement()) {
        s.execute("SET LOCAL enable_seqscan = off");
      }
      String plan = explain(c, "SELECT id FROM objects WHERE tenant_id = 'rlsalpha' AND bucket = 'b'"
          + " AND status = 'ready' AND object_key > 'k' ORDER BY object_key LIMIT 10");
      c.rollback();
      assertThat(plan).contains("Index Cond").contains("object_key >").doesNotContain("Sort");
    }
  }

  /**
   * The binding goes with a unit's first statement, as one statement of two parts (one round trip
   * instead of two), and only with the first; the updates' counts are the statements' own.
   */
  @Test
  void aUnitOfWorkSendsItsBindingWithItsFirstStatementOnly() throws Exception {
    List<String> prepared = rawUnit(B, false, (sql, sent) -> {
      assertThat(sql.update("UPDATE objects SET size = size + 1")).as("B's rows only").isEqualTo(3);
      assertThat(count(sql, "SELECT count(*) FROM objects")).isEqualTo(3);
      assertThat(sql.update("UPDATE objects SET size = size + 1 WHERE object_key = 'k0'")).as("A's row").isZero();
    });
    assertThat(prepared).hasSize(3);
    assertThat(prepared.getFirst())
        .startsWith(Dialect.POSTGRESQL.binding(B).sql())
        .endsWith("UPDATE objects SET size = size + 1");
    assertThat(prepared.subList(1, 3)).noneMatch(statement -> statement.contains("set_config"));
  }

  /**
   * A read runs each statement on its own (auto-commit) with the binding ahead of it: every one sees
   * its tenant, and no transaction is left open after it.
   */
  @Test
  void eachStatementOfAReadIsBoundAndNoneLeavesATransactionOpen() throws Exception {
    long[] seen = store.readUnit(A, sql -> new long[] {
        count(sql, "SELECT count(*) FROM objects"),
        count(sql, "SELECT count(*) FROM buckets"),
        count(sql, "SELECT count(*) FROM objects")});
    assertThat(seen).containsExactly(2, 1, 2);
    assertThat(read(null, "SELECT count(*) FROM objects")).isEqualTo(5);
    assertThat(read(B, "SELECT count(*) FROM objects")).isEqualTo(3);
    assertThatThrownBy(() -> read(A, "SELECT count(*) FROM no_such_table")).isInstanceOf(RuntimeException.class);
    assertThat(read(A, "SELECT count(*) FROM objects")).isEqualTo(2);
    assertThat(adminCount("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + sandbox.appRole()
        + "' AND state LIKE 'idle in transaction%'")).isZero();
    // the writes that follow on the same pooled connections are transactions again
    assertThat(update(A, "UPDATE objects SET size = size + 1")).isEqualTo(2);
  }

  /**
   * A write whose result nothing reads waits to go ahead of the unit's next statement (with the
   * binding, in order, in one round trip) or of its commit.
   */
  @Test
  void aWriteThatWaitsGoesAheadOfTheNextStatementOrOfTheCommit() throws Exception {
    List<String> prepared = rawUnit(A, true, (sql, sent) -> {
      sql.later("UPDATE objects SET size = 100 WHERE object_key = ?", "k0");
      sql.later("UPDATE objects SET size = size + 1 WHERE object_key = ?", "k0");
      assertThat(sent).as("nothing sent yet").isEmpty();
      assertThat(count(sql, "SELECT sum(size) FROM objects")).as("A's rows, the waiting writes done in order").isEqualTo(111);
      sql.later("UPDATE objects SET size = 7 WHERE object_key = ?", "k1");
      sql.flush();
    });
    assertThat(prepared).hasSize(2);
    assertThat(prepared.getFirst())
        .startsWith(Dialect.POSTGRESQL.binding(A).sql())
        .contains("size = 100")
        .endsWith("SELECT sum(size) FROM objects");
    assertThat(prepared.get(1)).isEqualTo("UPDATE objects SET size = 7 WHERE object_key = ?");
    assertThat(adminCount("SELECT sum(size) FROM objects WHERE tenant_id = 'rlsalpha'")).isEqualTo(108);
  }

  /** A waiting write that fails at the commit fails the unit of work: nothing of it stays. */
  @Test
  void aWaitingWriteThatFailsRollsTheUnitBack() throws Exception {
    assertThatThrownBy(() -> store.unitOfWork(A, sql -> {
      sql.update("UPDATE objects SET size = 1 WHERE object_key = 'k0'");
      sql.later("INSERT INTO no_such_table VALUES (1)");
      return null;
    })).isInstanceOf(RuntimeException.class);
    assertThat(adminCount("SELECT size FROM objects WHERE object_key = 'k0'")).isEqualTo(10);
  }

  /**
   * A waiting write's count reaches its check when the write runs, ahead of the next statement: a
   * check that throws fails the unit there (nothing of it stays), and one that queues another
   * write has it sent with the next statement or the commit.
   */
  @Test
  void aWaitingWritesCountIsCheckedWhenItRuns() throws Exception {
    IllegalStateException missing = new IllegalStateException("no row changed");
    assertThatThrownBy(() -> store.unitOfWork(A, sql -> {
      sql.later("UPDATE objects SET size = 1 WHERE object_key = 'k0'");
      sql.later(changed -> {
        if (changed == 0) {
          throw missing;
        }
      }, "UPDATE objects SET size = 2 WHERE object_key = 'no-such-key'");
      return count(sql, "SELECT count(*) FROM objects");
    })).isSameAs(missing);
    assertThat(adminCount("SELECT size FROM objects WHERE object_key = 'k0'")).isEqualTo(10);

    List<Integer> counts = new java.util.ArrayList<>();
    store.unitOfWork(A, sql -> {
      sql.later(changed -> {
        counts.add(changed);
        sql.later("UPDATE objects SET size = size * 3 WHERE object_key = 'k0'");
      }, "UPDATE objects SET size = size + 1 WHERE object_key = 'k0'");
      sql.later(changed -> {
        counts.add(changed);
        sql.later("UPDATE objects SET size = size * 5 WHERE object_key = 'k1'");
      }, "UPDATE objects SET size = size + 1 WHERE tenant_id = 'rlsalpha'");
      return null; // the commit runs both, then what their checks queued
    });
    assertThat(counts).containsExactly(1, 2);
    assertThat(adminCount("SELECT size FROM objects WHERE object_key = 'k0'")).isEqualTo((10 + 1 + 1) * 3);
  }

  /** A first statement that never reached the database leaves the binding to the next one. */
  @Test
  void theBindingWaitsForAStatementThatRuns() throws Exception {
    rawUnit(A, false, (sql, sent) -> {
      Object unbindable = new Object();
      assertThatThrownBy(() -> sql.first("SELECT count(*) FROM objects WHERE id = ?", r -> r.getLong(1), unbindable))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(count(sql, "SELECT count(*) FROM objects")).isEqualTo(2);
    });
  }

  @Test
  void theAppRoleAloneOpensAMigratedSchema() {
    JdbcMetadataStore.open(sandbox.appUrl()).close();
  }

  /** A unit of work of {@code tenant} (global when null) that runs one raw count. */
  private static long inTenant(TenantId tenant, String query) {
    Long n = store.unitOfWork(tenant, sql -> count(sql, query));
    return n;
  }

  /** A read of {@code tenant} (global when null) that runs one raw count. */
  private static long read(TenantId tenant, String query) {
    Long n = store.readUnit(tenant, sql -> count(sql, query));
    return n;
  }

  private static int update(TenantId tenant, String statement, Object... args) {
    Integer n = store.unitOfWork(tenant, sql -> sql.update(statement, args));
    return n;
  }

  private static long count(Sql sql, String query) {
    return sql.first(query, r -> r.getLong(1)).orElseThrow();
  }

  private static long count(Connection c, String query) throws Exception {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static long adminCount(String query) throws Exception {
    try (Connection c = DriverManager.getConnection(sandbox.adminUrl())) {
      return count(c, query);
    }
  }

  private static void admin(String... statements) throws Exception {
    try (Connection c = DriverManager.getConnection(sandbox.adminUrl());
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  /** PostgreSQL's plan of {@code query} on {@code c}, one line per step. */
  private static String explain(Connection c, String query) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("EXPLAIN " + query)) {
      while (r.next()) {
        plan.append(r.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }

  /** Runs the statement that binds a unit of work to {@code tenant}, on a raw connection. */
  private static void bind(Connection c, TenantId tenant) throws SQLException {
    Sql.Step binding = Dialect.POSTGRESQL.binding(tenant);
    try (PreparedStatement statement = c.prepareStatement(binding.sql())) {
      for (int i = 0; i < binding.args().length; i++) {
        statement.setString(i + 1, (String) binding.args()[i]);
      }
      statement.execute();
    }
  }

  /** What a test does in a {@link #rawUnit}: its statements, and the text of those sent so far. */
  @FunctionalInterface
  private interface RawWork {
    void run(Sql sql, List<String> sent) throws Exception;
  }

  /**
   * {@code work} in a transaction of its own on a raw connection of the app role, its statements
   * bound to {@code tenant}; committed or rolled back after. Returns the text of every statement
   * prepared on it.
   */
  private static List<String> rawUnit(TenantId tenant, boolean commit, RawWork work) throws Exception {
    List<String> prepared = new ArrayList<>();
    try (Connection raw = DriverManager.getConnection(sandbox.appUrl())) {
      raw.setAutoCommit(false);
      work.run(new Sql(recording(raw, prepared), Dialect.POSTGRESQL, null, tenant), prepared);
      if (commit) {
        raw.commit();
      } else {
        raw.rollback();
      }
    }
    return prepared;
  }

  /** {@code connection}, noting the text of every statement prepared on it. */
  private static Connection recording(Connection connection, List<String> prepared) {
    return (Connection) java.lang.reflect.Proxy.newProxyInstance(
        Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          if (method.getName().equals("prepareStatement")) {
            prepared.add((String) args[0]);
          }
          try {
            return method.invoke(connection, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
