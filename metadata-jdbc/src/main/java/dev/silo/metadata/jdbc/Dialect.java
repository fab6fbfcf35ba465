package dev.silo.metadata.jdbc;

import com.zaxxer.hikari.HikariConfig;
import dev.silo.core.domain.TenantId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Everything that differs between SQLite and PostgreSQL, kept in one place: how to connect and
 * pool, how a transaction starts and ends, two schema placeholders, one locking clause. The
 * statements themselves are the same on both.
 */
enum Dialect {
  SQLITE("jdbc:sqlite:") {
    @Override
    Map<String, String> placeholders() {
      return Map.of(
          "sequence_key", "INTEGER PRIMARY KEY AUTOINCREMENT",
          // TEXT compares with BINARY collation: memcmp over the UTF-8 bytes
          "byte_text", "TEXT",
          "byte_array", "BLOB",
          // one process, no roles: row-level security has nothing to guard (V3 is one comment)
          "postgresql_only_begin", "/*",
          "postgresql_only_end", "*/",
          "sqlite_only_begin", "",
          "sqlite_only_end", "");
    }

    @Override
    Sql.Step binding(TenantId tenant) {
      // no row-level security on SQLite: the store API's tenant filter is the only guard
      return null;
    }

    /**
     * The writer keeps its temporary files in memory: group commit gives each unit of work a
     * savepoint, and SQLite journals every page a unit changes that an earlier unit of the group
     * already changed, in a statement journal that past 64 KiB spills to a temporary file and
     * stays there: about 28 writes per 4 KiB PUT went to it, more than to the WAL. That journal
     * only ever undoes a savepoint of the open transaction, so memory loses nothing on a crash,
     * and it is bounded by the pages one group changes.
     */
    @Override
    HikariConfig pool(String url) {
      HikariConfig config = pool(url, SQLiteConfig.TempStore.MEMORY);
      // Every unit of work takes SQLite's single write lock, so a second connection could only
      // poll the busy handler (sleeping up to 100 ms at a time); one connection hands over in
      // arrival order instead.
      config.setMaximumPoolSize(1);
      return config;
    }

    private HikariConfig pool(String url, SQLiteConfig.TempStore temporaries) {
      SqliteFiles.prepare(url);
      SQLiteConfig sqlite = new SQLiteConfig();
      sqlite.setTempStore(temporaries);
      sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
      // FULL syncs the WAL at every commit: an acknowledged write survives power loss
      sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
      // another process (the CLI) may hold the write lock for a moment
      sqlite.setBusyTimeout(10_000);
      sqlite.enforceForeignKeys(true);
      // used only where the driver manages transactions itself (Flyway); see begin()
      sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
      SQLiteDataSource source = new SQLiteDataSource(sqlite);
      source.setUrl(url);
      HikariConfig config = new HikariConfig();
      config.setDataSource(source);
      config.setAutoCommit(true);
      config.setConnectionTimeout(30_000);
      return config;
    }

    /**
     * Readers beside the one writer: in WAL mode a read transaction sees the last commit and
     * neither waits for the writer nor holds it up. {@code query_only} refuses any write, so a
     * unit of work that wrongly writes fails instead of racing the writer. Their temporary files
     * (a sort without an index, say) stay files: a read's may be as big as what it reads.
     */
    @Override
    HikariConfig readPool(String url) {
      HikariConfig config = pool(url, SQLiteConfig.TempStore.DEFAULT);
      config.setMaximumPoolSize(READERS);
      config.setConnectionInitSql("PRAGMA query_only = 1");
      return config;
    }

    @Override
    void beginRead(Connection connection, StatementCache statements) throws SQLException {
      execute(connection, "BEGIN DEFERRED", statements);
    }

    /**
     * BEGIN IMMEDIATE takes the write lock up front, so concurrent writers wait in the busy handler
     * instead of failing on a lock upgrade. It is issued by hand on an auto-commit connection
     * because sqlite-jdbc, when it manages the transaction, begins the next one right after each
     * commit: an idle pooled connection would then hold the write lock and block other processes.
     */
    @Override
    void begin(Connection connection, StatementCache statements) throws SQLException {
      execute(connection, "BEGIN IMMEDIATE", statements);
    }

    @Override
    void commit(Connection connection, StatementCache statements) throws SQLException {
      execute(connection, "COMMIT", statements);
    }

    @Override
    void rollback(Connection connection, StatementCache statements) throws SQLException {
      execute(connection, "ROLLBACK", statements);
    }

    @Override
    String lockForUpdate() {
      return ""; // the transaction already holds the database's only write lock
    }

    @Override
    String position(String text, String part) {
      return "instr(" + text + ", " + part + ")";
    }
  },

  POSTGRESQL("jdbc:postgresql:") {
    @Override
    Map<String, String> placeholders() {
      return Map.of(
          "sequence_key", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
          "byte_text", "TEXT COLLATE \"C\"",
          "byte_array", "BYTEA",
          "postgresql_only_begin", "",
          "postgresql_only_end", "",
          "sqlite_only_begin", "/*",
          "sqlite_only_end", "*/");
    }

    /**
     * Binds the row-level security policies of V3 to this unit of work: to one tenant, or to all
     * of them for global work. Transaction-local (the third argument of set_config), so the scope
     * ends with the transaction and never outlives it on a pooled connection. Tenant work also
     * sets the scope to 'tenant' explicitly, so that nothing a session did before can widen it.
     */
    @Override
    Sql.Step binding(TenantId tenant) {
      return new Sql.Step(
          "SELECT set_config('silo.tenant', ?, true), set_config('silo.scope', ?, true)",
          null,
          tenant == null ? "" : tenant.value(),
          tenant == null ? "global" : "tenant");
    }

    /**
     * Generic plans from the first execution on each connection. A custom plan, planned with the
     * values bound, multiplies the selectivities of tenant, bucket and the row-security filter and
     * underestimates a big tenant's rows by orders of magnitude: the listing then reads all the
     * tenant's remaining keys and sorts them instead of walking the unique index to the limit.
     * The generic plan (what PostgreSQL settles on after five executions anyway) always walks it.
     */
    @Override
    HikariConfig pool(String url) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url);
      config.setMaximumPoolSize(10);
      config.setMinimumIdle(2);
      config.setAutoCommit(false);
      config.setConnectionTimeout(10_000);
      config.setConnectionInitSql(PLAN_SETTING);
      // commits the SET: with auto-commit off it would be rolled back with its open transaction
      config.setIsolateInternalQueries(true);
      return config;
    }

    @Override
    void begin(Connection connection, StatementCache statements) {
      // the pool hands out connections with auto-commit off: a transaction is already open
    }

    /**
     * A read runs each statement in auto-commit, as its own transaction, sent with its binding as
     * one statement of two parts: the extended protocol runs everything before its Sync in one
     * implicit transaction, so the transaction-local binding holds for the statement and ends with
     * it. No BEGIN and no COMMIT: a one-statement read is one round trip. Under
     * READ COMMITTED each statement of a transaction sees a snapshot of its own anyway, and a read
     * takes no lock, so nothing a read could see changes.
     */
    @Override
    void beginRead(Connection connection, StatementCache statements) throws SQLException {
      connection.setAutoCommit(true);
    }

    @Override
    void endRead(Connection connection, StatementCache statements) throws SQLException {
      connection.setAutoCommit(false);
    }

    @Override
    boolean readsStatementByStatement() {
      return true;
    }

    @Override
    boolean defersWrites() {
      return true;
    }

    @Override
    void commit(Connection connection, StatementCache statements) throws SQLException {
      connection.commit();
    }

    /**
     * FORCE ROW LEVEL SECURITY binds the owner too: a data migration (a backfill, a move between
     * tables) must see every tenant's rows, or it would silently change none of them.
     */
    @Override
    String migrationInitSql() {
      return "SELECT set_config('silo.scope', 'global', false)";
    }

    /**
     * A role that row-level security does not bind (PostgreSQL never applies it to superusers and
     * BYPASSRLS roles); and autovacuum turned off, without whose ANALYZE each pooled connection
     * keeps the plans it made while the tables were nearly empty (until the pool replaces it, after
     * 30 minutes): a key's lookup then walks the primary key's entries of the whole tenant, which a
     * never-analyzed empty table makes look as cheap as the key's own unique index.
     */
    @Override
    List<String> warnings(DataSource dataSource) {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement();
          ResultSet role =
              statement.executeQuery(
                  "SELECT rolsuper, rolbypassrls, current_setting('autovacuum') = 'on'"
                      + " FROM pg_roles WHERE rolname = current_user")) {
        List<String> warnings = new ArrayList<>();
        if (role.next()) {
          if (role.getBoolean(1) || role.getBoolean(2)) {
            warnings.add(
                "metadata: the database role is a superuser or has BYPASSRLS, so row-level"
                    + " security does not isolate tenants; connect as a role with DML grants"
                    + " only (README, PostgreSQL in production)");
          }
          if (!role.getBoolean(3)) {
            warnings.add(
                "metadata: PostgreSQL's autovacuum is off, so nothing analyzes Silo's tables: plans"
                    + " made while they were nearly empty stay in use, and a write then reads all"
                    + " of its tenant's objects to find one key; turn autovacuum on, or ANALYZE"
                    + " the database regularly (docs/production.md)");
          }
        }
        connection.rollback();
        return warnings;
      } catch (SQLException e) {
        return List.of("metadata: cannot check the database role and settings: " + e.getMessage());
      }
    }

    @Override
    void rollback(Connection connection, StatementCache statements) throws SQLException {
      connection.rollback();
    }

    /**
     * Makes a read-check-write on the tenant row (quota) exact under READ COMMITTED. NO KEY
     * UPDATE, not UPDATE, so that it does not conflict with the key-share locks that foreign-key
     * checks of concurrent inserts take on the same row.
     */
    @Override
    String lockForUpdate() {
      return " FOR NO KEY UPDATE";
    }

    @Override
    String position(String text, String part) {
      return "strpos(" + text + ", " + part + ")";
    }
  };

  /** The session setting PostgreSQL's pooled connections start with (see its {@code pool}). */
  static final String PLAN_SETTING = "SET plan_cache_mode = force_generic_plan";

  private final String urlPrefix;

  Dialect(String urlPrefix) {
    this.urlPrefix = urlPrefix;
  }

  /** The dialect of a JDBC URL. The message never repeats the URL: it may carry a password. */
  static Dialect of(String jdbcUrl) {
    for (Dialect d : values()) {
      if (jdbcUrl != null && jdbcUrl.startsWith(d.urlPrefix)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unsupported metadata database URL: expected jdbc:sqlite:<file> or jdbc:postgresql://…");
  }

  /** Values of the placeholders in the migrations. */
  abstract Map<String, String> placeholders();

  /** Pool settings, without name or metrics. */
  abstract HikariConfig pool(String url);

  /** SQLite's reader connections; at most this many reads run at once beside the writer. */
  static final int READERS = 4;

  /** A pool of connections for work that does not write, or null where the writers' pool serves reads as well. */
  HikariConfig readPool(String url) {
    return null;
  }

  /** Begins a unit of work that writes nothing, on a connection of {@link #readPool} where there is one. */
  void beginRead(Connection connection, StatementCache statements) throws SQLException {
    begin(connection, statements);
  }

  /** Ends what {@link #beginRead} began, after the work or its failure. */
  void endRead(Connection connection, StatementCache statements) throws SQLException {
    rollback(connection, statements);
  }

  /**
   * Whether a read's statements each run on their own, each with the {@link #binding}, rather
   * than in one transaction bound once (see PostgreSQL's {@code beginRead}).
   */
  boolean readsStatementByStatement() {
    return false;
  }

  abstract void begin(Connection connection, StatementCache statements) throws SQLException;

  /**
   * The statement that scopes a transaction to {@code tenant}, or to every tenant when it is null
   * (global work), where the database enforces it (row-level security on PostgreSQL); null where
   * nothing is to be bound. {@link Sql} sends it with the transaction's first statement, in the
   * same round trip.
   */
  abstract Sql.Step binding(TenantId tenant);

  /**
   * Whether a write whose result nothing reads may wait to go ahead of the unit of work's next
   * statement ({@link Sql#later}): on PostgreSQL every statement is a round trip; SQLite runs in
   * the process, where waiting would only move a failure away from its statement.
   */
  boolean defersWrites() {
    return false;
  }

  abstract void commit(Connection connection, StatementCache statements) throws SQLException;

  abstract void rollback(Connection connection, StatementCache statements) throws SQLException;

  /**
   * A statement run on each connection that applies migrations, on a pool of its own that is
   * closed afterwards; null when none is needed (then migrations may share the store's pool).
   */
  String migrationInitSql() {
    return null;
  }

  /**
   * What an operator should know about the database before Silo serves from it (that it will not
   * enforce tenant isolation for the pool's role, say): warnings for the log. Empty on SQLite.
   */
  List<String> warnings(DataSource dataSource) {
    return List.of();
  }

  /** A clause appended to a SELECT of one row that the transaction is about to update. */
  abstract String lockForUpdate();

  /** The SQL of the 1-based character position of {@code part} in {@code text}, 0 when it is not there. */
  abstract String position(String text, String part);

  /**
   * Runs a statement of no arguments and no rows (transaction control), one of those kept in
   * {@code statements} when there are (null: made and closed here). A read on SQLite is a BEGIN,
   * a SELECT and a ROLLBACK: compiling the two around it each time cost as much as the SELECT.
   */
  static void execute(Connection connection, String sql, StatementCache statements) throws SQLException {
    if (statements == null) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
      return;
    }
    statements.with(connection, sql, kept -> kept.statement.execute());
  }

  /** SQLite creates the file but not its directory; the data directory may be new. */
}
