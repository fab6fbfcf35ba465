package dev.silo.metadata.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.silo.core.domain.TenantId;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.spi.CredentialWatch;
import dev.silo.core.spi.MetadataStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata store on SQLite (one file, the embedded default) or PostgreSQL, chosen by the JDBC
 * URL. {@link #open} connects, migrates the schema and returns a store ready for use.
 *
 * <p>On PostgreSQL each unit of work is one transaction on one pooled connection (a writing one on
 * a platform thread, {@link DriverThreads}); they run concurrently under READ COMMITTED, with the
 * tenant row locked while a quota is checked (see {@link dev.silo.core.spi.TenantRecords#usage}).
 * SQLite has one writer, and each commit waits for the disk: units of work run one at a time on
 * its one connection, and those that arrive while one commits share the next transaction, each in
 * a savepoint, committed together ({@link CommitGroups}).
 */
public final class JdbcMetadataStore implements MetadataStore {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcMetadataStore.class);

  /**
   * Bound while a unit of work runs on this thread. A nested one would wait for a second
   * connection (on SQLite, for its own lock) until the pool times out; failing at once says why.
   */
  private static final ScopedValue<Boolean> IN_UNIT_OF_WORK = ScopedValue.newInstance();

  private final HikariDataSource pool;
  /** SQLite: connections that only read, beside the single writer's; null on PostgreSQL. */
  private final HikariDataSource readers;
  private final Dialect dialect;
  private final CommitGroups groups;
  /** SQLite's statements kept between uses; null on PostgreSQL, whose driver keeps its own. */
  private final StatementCache statements;
  private final CommitNotices notices;
  private final WebhookTenants webhookTenants;
  private final TenantSlugs slugs = new TenantSlugs();
  /** PostgreSQL: the threads its transactions run on; null on SQLite, which has no socket to wait on. */
  private final DriverThreads drivers;

  private JdbcMetadataStore(HikariDataSource pool, HikariDataSource readers, Dialect dialect, String jdbcUrl) {
    this.pool = pool;
    this.drivers =
        dialect == Dialect.POSTGRESQL ? new DriverThreads(pool.getMaximumPoolSize(), pool.getConnectionTimeout()) : null;
    this.readers = readers;
    this.dialect = dialect;
    this.notices = new CommitNotices(dialect == Dialect.POSTGRESQL ? jdbcUrl : null);
    this.statements = dialect == Dialect.SQLITE ? new StatementCache() : null;
    this.groups =
        dialect == Dialect.SQLITE
            ? new CommitGroups(
                dialect,
                statements,
                new CommitGroups.Connections() {
                  @Override
                  public Connection open() {
                    return connect();
                  }

                  @Override
                  public void rollback(Connection connection) {
                    JdbcMetadataStore.this.rollback(connection);
                  }

                  @Override
                  public void release(Connection connection) {
                    JdbcMetadataStore.release(connection);
                  }

                  @Override
                  public void committed(boolean events, boolean deliveries, boolean credentials) {
                    notices.committed(events, deliveries, credentials);
                  }
                })
            : null;
    this.webhookTenants = dialect == Dialect.SQLITE ? unitOfWork(null, WebhookTenants::load) : WebhookTenants.ALL;
  }

  /**
   * Opens the store at {@code jdbcUrl}: {@code jdbc:sqlite:/path/to/silo.db} (the file and its
   * directory are created when missing) or {@code jdbc:postgresql://host:port/db?user=…}
   * (with {@code currentSchema=…} to use a schema other than the user's default). Applies pending
   * migrations before returning.
   *
   * @throws IllegalArgumentException if the URL is neither SQLite nor PostgreSQL
   * @throws UnavailableException if the database cannot be reached
   * @throws IllegalStateException if the schema cannot be migrated
   */
  public static JdbcMetadataStore open(String jdbcUrl) {
    return open(jdbcUrl, null);
  }

  /**
   * Like {@link #open(String)}, but applies migrations through {@code migrationUrl} when it is
   * not null: on PostgreSQL, the schema's owner, while {@code jdbcUrl} names a role with only DML
   * grants that row-level security binds. Both must name the same database and schema.
   */
  public static JdbcMetadataStore open(String jdbcUrl, String migrationUrl) {
    Dialect dialect = Dialect.of(jdbcUrl);
    if (migrationUrl != null && Dialect.of(migrationUrl) != dialect) {
      throw new IllegalArgumentException(
          "the metadata migration URL must name the same kind of database as the database URL");
    }
    // PostgreSQL migrates on a pool of its own, whose session settings die with it
    boolean ownPool = migrationUrl != null || dialect.migrationInitSql() != null;
    if (ownPool) {
      migrate(migrationUrl != null ? migrationUrl : jdbcUrl, dialect);
    }
    HikariConfig config = dialect.pool(jdbcUrl);
    config.setPoolName("silo-metadata");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      throw new UnavailableException("cannot connect to the metadata database: " + rootMessage(e), e);
    }
    try {
      if (!ownPool) {
        Migrations.apply(pool, dialect);
      }
      dialect.warnings(pool).forEach(LOG::warn);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    HikariConfig readConfig = dialect.readPool(jdbcUrl);
    HikariDataSource readers = null;
    if (readConfig != null) {
      readConfig.setPoolName("silo-metadata-read");
      try {
        readers = new HikariDataSource(readConfig);
      } catch (HikariPool.PoolInitializationException e) {
        pool.close();
        throw new UnavailableException("cannot open the metadata database for reading: " + rootMessage(e), e);
      }
    }
    return new JdbcMetadataStore(pool, readers, dialect, jdbcUrl);
  }

  /**
   * The driver's own words for why it could not connect ("The server does not support SSL.",
   * "Connection refused"), on one line; never the URL, which may carry a password.
   */
  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return m.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  /** Migrates through a short-lived connection of its own (the owner's), then lets it go. */
  private static void migrate(String migrationUrl, Dialect dialect) {
    HikariConfig config = dialect.pool(migrationUrl);
    config.setPoolName("silo-metadata-migration");
    // Flyway holds a second connection for its history table's lock while it migrates
    config.setMaximumPoolSize(3);
    config.setMinimumIdle(0);
    config.setConnectionInitSql(dialect.migrationInitSql());
    HikariDataSource migrations;
    try {
      migrations = new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      throw new UnavailableException("cannot connect to the metadata database to migrate it: " + rootMessage(e), e);
    }
    try (migrations) {
      Migrations.apply(migrations, dialect);
    }
  }

  @Override
  public <T> T inTenant(TenantId tenant, TenantWork<T> work) {
    Objects.requireNonNull(tenant, "tenant");
    return unitOfWork(
        tenant,
        sql -> {
          JdbcTenantTx tx = new JdbcTenantTx(tenant, sql, webhookTenants, slugs);
          T result = work.run(tx);
          tx.finish();
          return result;
        });
  }

  @Override
  public <T> T global(GlobalWork<T> work) {
    return unitOfWork(null, sql -> work.run(new JdbcGlobalTx(sql)));
  }

  /**
   * On SQLite, on a reader connection: not queued behind the writers' group commits. On
   * PostgreSQL, each statement its own transaction, with its binding: see {@link Dialect#beginRead}.
   */
  @Override
  public <T> T readInTenant(TenantId tenant, TenantWork<T> work) {
    Objects.requireNonNull(tenant, "tenant");
    return readUnit(tenant, sql -> work.run(new JdbcTenantTx(tenant, sql, webhookTenants, slugs)));
  }

  /** As {@link #readInTenant}, for work across tenants. */
  @Override
  public <T> T readGlobal(GlobalWork<T> work) {
    return readUnit(null, sql -> work.run(new JdbcGlobalTx(sql)));
  }

  /**
   * One unit of work that writes nothing, on a reader connection where there are some.
   * Package-private for the row-level security test.
   */
  <T> T readUnit(TenantId tenant, Function<Sql, T> work) {
    if (IN_UNIT_OF_WORK.isBound()) {
      throw new IllegalStateException(
          "a metadata unit of work cannot run inside another: do it in the same transaction");
    }
    // on the caller's thread: a read is mostly one statement, whose hand-off would add a park, not save one
    HikariDataSource from = readers != null ? readers : pool;
    return ScopedValue.where(IN_UNIT_OF_WORK, Boolean.TRUE).call(() -> {
      Connection connection;
      try {
        connection = from.getConnection();
      } catch (SQLException e) {
        throw SqlErrors.translate(e);
      }
      try {
        dialect.beginRead(connection, statements);
        Sql sql = Sql.reading(connection, dialect, statements, tenant);
        T result = work.apply(sql);
        sql.flush();
        dialect.endRead(connection, statements);
        return result;
      } catch (SQLException e) {
        endFailedRead(from, connection);
        throw SqlErrors.translate(e);
      } catch (RuntimeException | Error e) {
        endFailedRead(from, connection);
        throw e;
      } finally {
        release(connection);
      }
    });
  }

  /** Ends a failed read; a connection whose read does not end may still be in a transaction: never reuse it. */
  private void endFailedRead(HikariDataSource from, Connection connection) {
    try {
      dialect.endRead(connection, statements);
    } catch (SQLException | RuntimeException e) {
      from.evictConnection(connection);
    }
  }

  /** SQLite's group commit; null on PostgreSQL. */
  CommitGroups commitGroups() {
    return groups;
  }

  @Override
  public void check() {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
    } catch (SQLException | RuntimeException e) {
      throw new UnavailableException("the metadata database is unavailable", e);
    }
  }

  /**
   * After each of this process's commits that wrote events; on PostgreSQL also from LISTEN, on a
   * connection of its own, for those of every other node.
   */
  @Override
  public AutoCloseable watchOutbox(Runnable listener) {
    return notices.add(listener, false);
  }

  /**
   * After each of this process's commits that made a webhook delivery due (queued for an event,
   * or re-driven); on PostgreSQL also after every such commit of any node (its notice on a channel
   * of its own).
   */
  @Override
  public AutoCloseable watchDeliveries(Runnable listener) {
    return notices.add(listener, true);
  }

  /**
   * After each of this process's commits that revoked a credential or changed or deleted a
   * tenant, before the commit returns. The watch hears on SQLite, whose database this process
   * alone writes; never on PostgreSQL, where other nodes write too (see {@link CommitNotices}).
   */
  @Override
  public AutoCloseable watchCredentials(CredentialWatch watch) {
    return notices.watch(watch);
  }

  @Override
  public void close() {
    notices.close();
    if (drivers != null) {
      drivers.close();
    }
    if (readers != null) {
      readers.close();
    }
    pool.close();
  }

  /**
   * One transaction bound to {@code tenant}, or global when it is null. Package-private for the
   * row-level security test, which runs raw statements in it as a buggy repository would.
   */
  <T> T unitOfWork(TenantId tenant, Function<Sql, T> work) {
    if (IN_UNIT_OF_WORK.isBound()) {
      throw new IllegalStateException(
          "a metadata unit of work cannot run inside another: do it in the same transaction");
    }
    Supplier<T> unit =
        () -> ScopedValue.where(IN_UNIT_OF_WORK, Boolean.TRUE)
            .call(() -> groups != null ? groups.run(tenant, work) : transaction(tenant, work));
    return drivers != null ? drivers.run(unit) : unit.get();
  }

  /** Commits what {@code work} did, or rolls it all back and rethrows its exception unchanged. */
  private <T> T transaction(TenantId tenant, Function<Sql, T> work) {
    Connection connection = connect();
    try {
      try {
        dialect.begin(connection, statements);
      } catch (SQLException e) {
        throw SqlErrors.translate(e);
      }
      try {
        Sql sql = new Sql(connection, dialect, statements, tenant);
        T result = work.apply(sql);
        sql.flush();
        dialect.commit(connection, statements);
        if (sql.announced() || sql.queuedDeliveries() || sql.credentialsChanged()) {
          notices.committed(sql.announced(), sql.queuedDeliveries(), sql.credentialsChanged());
        }
        return result;
      } catch (SQLException e) {
        rollback(connection);
        throw SqlErrors.translate(e);
      } catch (RuntimeException | Error e) {
        rollback(connection);
        throw e;
      }
    } finally {
      release(connection);
    }
  }

  private Connection connect() {
    try {
      return pool.getConnection();
    } catch (SQLException e) {
      throw SqlErrors.translate(e);
    }
  }

  /** A connection whose rollback failed may still be inside a transaction: never reuse it. */
  private void rollback(Connection connection) {
    try {
      dialect.rollback(connection, statements);
    } catch (SQLException | RuntimeException e) {
      LOG.warn("metadata rollback failed; discarding the connection", e);
      pool.evictConnection(connection);
    }
  }

  private static void release(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.warn("cannot return a metadata connection to the pool", e);
    }
  }
}
