package dev.silo.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite statements are compiled once per connection and run again with other arguments. */
class StatementCacheTest {
  @TempDir Path dir;
  private HikariDataSource pool;
  private final StatementCache cache = new StatementCache();

  @BeforeEach
  void open() throws Exception {
    SqliteFiles.prepare("jdbc:sqlite:" + dir.resolve("data/t.db"));
    pool = new HikariDataSource(Dialect.SQLITE.pool("jdbc:sqlite:" + dir.resolve("data/t.db")));
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)");
      s.execute("INSERT INTO t VALUES ('a', 1), ('b', 2)");
    }
  }

  @AfterEach
  void close() {
    pool.close();
  }

  @Test
  void aStatementIsKeptAcrossTransactionsAndAnswersForNewArguments() throws Exception {
    StatementCache.Kept first;
    try (Connection c = pool.getConnection()) {
      Sql sql = new Sql(c, Dialect.SQLITE, cache, null);
      assertThat(sql.first("SELECT v FROM t WHERE k = ?", r -> r.getLong(1), "a")).contains(1L);
      first = cache.take(c, "SELECT v FROM t WHERE k = ?");
      cache.give(c, "SELECT v FROM t WHERE k = ?", first);
    } // the pool's proxy is closed: the statement must survive it
    try (Connection c = pool.getConnection()) {
      Sql sql = new Sql(c, Dialect.SQLITE, cache, null);
      assertThat(sql.first("SELECT v FROM t WHERE k = ?", r -> r.getLong(1), "b")).contains(2L);
      assertThat(sql.update("UPDATE t SET v = ? WHERE k = ?", 5, "b")).isEqualTo(1);
      assertThat(sql.list("SELECT v FROM t ORDER BY k", r -> r.getLong(1))).isEqualTo(List.of(1L, 5L));
      assertThat(sql.first("SELECT v FROM t WHERE k = ?", r -> r.getLong(1), "zz")).isEmpty();
      StatementCache.Kept again = cache.take(c, "SELECT v FROM t WHERE k = ?");
      assertThat(again).isSameAs(first);
      assertThat(again.statement.isClosed()).isFalse();
      cache.give(c, "SELECT v FROM t WHERE k = ?", again);
      assertThat(cache.keptCount(c)).isEqualTo(3);
    }
  }

  @Test
  void aKeptQueryReadsItsColumnNamesOnce() throws Exception {
    try (Connection c = pool.getConnection()) {
      Sql sql = new Sql(c, Dialect.SQLITE, cache, null);
      String query = "SELECT k AS key_name, v AS value FROM t WHERE k >= ? ORDER BY k";
      List<String[]> names = new java.util.ArrayList<>();
      Sql.RowMapper<String> byName = row -> {
        names.add(((org.sqlite.core.CoreResultSet) row).colsMeta);
        return row.getString("key_name") + "=" + row.getLong("value");
      };
      assertThat(sql.list(query, byName, "a")).containsExactly("a=1", "b=2");
      assertThat(sql.first(query, byName, "zz")).isEmpty(); // no row: the names stay all the same
      assertThat(sql.list(query, byName, "b")).containsExactly("b=2");
      assertThat(sql.first(query, byName, "a")).contains("a=1");
      assertThat(names).hasSize(4).allSatisfy(n -> assertThat(n).isSameAs(names.getFirst()));
      assertThat(names.getFirst()).containsExactly("key_name", "value");
    }
  }

  @Test
  void aStatementThatFailedIsNotKept() throws Exception {
    try (Connection c = pool.getConnection()) {
      Sql sql = new Sql(c, Dialect.SQLITE, cache, null);
      assertThatThrownBy(() -> sql.update("INSERT INTO t VALUES (?, ?)", "a", 9)).isInstanceOf(RuntimeException.class);
      assertThatThrownBy(() -> sql.first("SELECT v FROM t WHERE k = ?", r -> {
            throw new IllegalStateException("mapper failed");
          }, "a")).hasMessage("mapper failed");
      assertThat(cache.keptCount(c)).isZero();
      assertThat(sql.first("SELECT v FROM t WHERE k = ?", r -> r.getLong(1), "a")).contains(1L);
      assertThat(cache.keptCount(c)).isEqualTo(1);
    }
  }

  @Test
  void aStatementInUseIsNotHandedOutTwice() throws Exception {
    try (Connection c = pool.getConnection()) {
      Sql sql = new Sql(c, Dialect.SQLITE, cache, null);
      // the mapper runs the same statement while the outer one still reads its rows
      List<Long> nested = sql.list("SELECT v FROM t WHERE k >= ? ORDER BY k", row -> {
        long v = row.getLong(1);
        return v + sql.list("SELECT v FROM t WHERE k >= ? ORDER BY k", r -> r.getLong(1), "b").getFirst();
      }, "a");
      assertThat(nested).isEqualTo(List.of(3L, 4L));
      assertThat(cache.keptCount(c)).isEqualTo(1);
    }
  }

  @Test
  void eachConnectionKeepsABoundedNumber() throws Exception {
    try (Connection c = pool.getConnection()) {
      Sql sql = new Sql(c, Dialect.SQLITE, cache, null);
      for (int i = 0; i < StatementCache.PER_CONNECTION + 20; i++) {
        assertThat(sql.first("SELECT v + " + i + " FROM t WHERE k = ?", r -> r.getLong(1), "a")).contains(1L + i);
      }
      assertThat(cache.keptCount(c)).isEqualTo(StatementCache.PER_CONNECTION);
    }
  }

  @Test
  void keptStatementsReadWhatLaterCommitsWrote() throws Exception {
    try (Connection c = pool.getConnection()) {
      Sql sql = new Sql(c, Dialect.SQLITE, cache, null);
      assertThat(sql.first("SELECT count(*) FROM t", r -> r.getLong(1))).contains(2L);
    }
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO t VALUES ('c', 3)");
    }
    try (Connection c = pool.getConnection()) {
      Sql sql = new Sql(c, Dialect.SQLITE, cache, null);
      assertThat(sql.first("SELECT count(*) FROM t", r -> r.getLong(1))).contains(3L);
    }
  }

  @Test
  void transactionsBegunAndEndedByKeptStatementsCommitAndRollBack() throws Exception {
    for (int round = 0; round < 3; round++) {
      try (Connection c = pool.getConnection()) {
        Dialect.SQLITE.begin(c, cache);
        new Sql(c, Dialect.SQLITE, cache, null).update("INSERT INTO t VALUES (?, ?)", "kept" + round, round);
        Dialect.SQLITE.commit(c, cache);
        Dialect.SQLITE.begin(c, cache);
        new Sql(c, Dialect.SQLITE, cache, null).update("INSERT INTO t VALUES (?, ?)", "gone" + round, round);
        Dialect.SQLITE.rollback(c, cache);
        assertThat(cache.keptCount(c)).isEqualTo(4); // BEGIN IMMEDIATE, COMMIT, ROLLBACK, the INSERT
      }
    }
    try (Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/t.db"));
        Statement s = other.createStatement();
        java.sql.ResultSet rows = s.executeQuery("SELECT group_concat(k) FROM (SELECT k FROM t ORDER BY k)")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("a,b,kept0,kept1,kept2");
    }
  }
}
