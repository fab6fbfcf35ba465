package dev.silo.metadata.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sqlite.core.CoreResultSet;

/**
 * SQLite's prepared statements, kept per connection and used again: compiling a statement is most
 * of what a small one costs (measured: a fifth of the server's CPU under 4 KiB PUTs and GETs went to
 * {@code sqlite3_prepare}), and the store runs the same few dozen statements all day. PostgreSQL's
 * driver keeps its own per-connection cache of server-side statements, so it does not use this
 * (its statements of several parts, {@link Kept#after}, are run through a {@link Kept} and never
 * kept).
 *
 * <p>Statements are made on the driver's own connection, not the pool's proxy, so that the pool
 * does not close them when the connection goes back to it. A statement is taken out while in use
 * and given back after (parameters cleared, result closed), so a statement is never shared; one
 * that failed is closed instead. Each connection keeps its {@value #PER_CONNECTION} most recently
 * used; the statements of a connection the pool closed die with it (the driver finalizes them) and
 * its entry goes when the next new connection comes.
 *
 * <p>A kept query also keeps its result's column names: the driver forgets them when a result is
 * closed and reads every one again through JNI at the next execution (5 % of the server's CPU under
 * small PUTs and GETs, more than some queries' own step), though a prepared statement's columns
 * are fixed. The store changes no schema while it runs (migrations run before it opens).
 */
final class StatementCache {
  static final int PER_CONNECTION = 128;

  /** Keyed by the driver's connection; guarded by this. */
  private final Map<Connection, Map<String, Kept>> byConnection = new IdentityHashMap<>();

  /** Runs a prepared statement. */
  @FunctionalInterface
  interface Use<T> {
    T run(Kept statement) throws SQLException;
  }

  /** A prepared statement, and the names of its result's columns once it has run as a query. */
  static final class Kept {
    final PreparedStatement statement;
    /**
     * The statements ahead of the one run, whose results are passed over (see {@link #after}):
     * each one's check of its count of changed rows, or null.
     */
    private final List<Sql.Changed> ahead;
    /** The driver's result object, the same one at every execution, and its column names. */
    private CoreResultSet result;
    private String[] columns;

    Kept(PreparedStatement statement) {
      this(statement, List.of());
    }

    private Kept(PreparedStatement statement, List<Sql.Changed> ahead) {
      this.statement = statement;
      this.ahead = ahead;
    }

    /**
     * A statement of several, the results of all but the last passed over, each told to its
     * statement's check ({@code ahead}, one per statement, null where there is none). Never kept.
     */
    static Kept after(PreparedStatement statement, List<Sql.Changed> ahead) {
      return new Kept(statement, ahead);
    }

    /** Executes the statement and passes over the results ahead of the last statement's. */
    private void executePast() throws SQLException {
      statement.execute();
      for (Sql.Changed changed : ahead) {
        if (changed != null) {
          changed.rows(statement.getUpdateCount());
        }
        statement.getMoreResults();
      }
    }

    /**
     * Runs the query: the first time as the driver does; after that the driver's {@code execute}
     * (which closes the last result and steps to the first row) and its {@code getResultSet},
     * which reads the names only when the result holds none.
     */
    ResultSet executeQuery() throws SQLException {
      if (!ahead.isEmpty()) {
        executePast();
        ResultSet rows = statement.getResultSet();
        if (rows == null) {
          throw new SQLException("the statement returned no rows");
        }
        return rows;
      }
      if (columns == null) {
        ResultSet rows = statement.executeQuery();
        if (rows instanceof CoreResultSet sqlite) {
          result = sqlite;
          columns = sqlite.colsMeta;
        }
        return rows;
      }
      statement.execute();
      result.colsMeta = columns;
      return statement.getResultSet();
    }

    int executeUpdate() throws SQLException {
      if (!ahead.isEmpty()) {
        executePast();
        return statement.getUpdateCount();
      }
      return statement.executeUpdate();
    }
  }

  /**
   * Runs {@code use} on a kept statement for {@code sql} (or a new one), keeps the statement after
   * a clean run and closes it after a failure: a failed statement may be in any state.
   */
  <T> T with(Connection connection, String sql, Use<T> use) throws SQLException {
    Kept statement = take(connection, sql);
    T result;
    try {
      result = use.run(statement);
    } catch (SQLException | RuntimeException | Error e) {
      try {
        statement.statement.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    give(connection, sql, statement);
    return result;
  }

  /** A statement for {@code sql} on {@code connection}, for the caller alone until it is given back. */
  Kept take(Connection connection, String sql) throws SQLException {
    Connection driver = connection.unwrap(Connection.class);
    Kept kept = kept(driver).remove(sql);
    return kept != null && !kept.statement.isClosed() ? kept : new Kept(driver.prepareStatement(sql));
  }

  /** Gives back a statement that ran without error, to be taken again. */
  void give(Connection connection, String sql, Kept statement) throws SQLException {
    statement.statement.clearParameters();
    Kept other = kept(connection.unwrap(Connection.class)).put(sql, statement);
    if (other != null && other != statement) {
      other.statement.close(); // the same statement was taken twice at once (a nested use): keep one
    }
  }

  /** How many statements are kept for {@code connection} (for tests). */
  int keptCount(Connection connection) throws SQLException {
    return kept(connection.unwrap(Connection.class)).size();
  }

  private synchronized Map<String, Kept> kept(Connection driver) throws SQLException {
    Map<String, Kept> kept = byConnection.get(driver);
    if (kept == null) {
      for (var it = byConnection.keySet().iterator(); it.hasNext(); ) {
        if (it.next().isClosed()) {
          it.remove();
        }
      }
      kept = new LeastRecentlyUsed();
      byConnection.put(driver, kept);
    }
    return kept;
  }

  private static final class LeastRecentlyUsed extends LinkedHashMap<String, Kept> {
    LeastRecentlyUsed() {
      super(32, 0.75f, true);
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
      if (size() <= PER_CONNECTION) {
        return false;
      }
      try {
        eldest.getValue().statement.close();
      } catch (SQLException e) {
        // closing a statement of a connection that is going away: nothing to do
      }
      return true;
    }
  }
}
