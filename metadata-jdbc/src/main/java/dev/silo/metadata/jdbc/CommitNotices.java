package dev.silo.metadata.jdbc;

import dev.silo.core.spi.CredentialWatch;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the listeners of this node when events are committed: the store calls {@link #committed}
 * after each of its own commits that wrote events, and on PostgreSQL, for the commits of other
 * nodes, a transaction that writes to the outbox also sends NOTIFY (delivered at commit, never for
 * a rollback) and one connection of this node LISTENs. Only a hint that saves waiting for the next
 * poll: if that connection is lost it is opened again, and polling finds every event meanwhile.
 *
 * <p>Some listeners care only for commits that queued a webhook delivery (the dispatcher, which
 * otherwise asks the store after every write whether anything is due): they are told of this
 * process's commits only when one did and, on PostgreSQL, of the notices on a second channel that
 * such a transaction also sends.
 *
 * <p>Credential watches ({@link CredentialWatch}) are told of this process's commits that revoked a
 * credential or changed a tenant, before the commit returns to its caller. They hear only on
 * SQLite, whose database no other process writes: on PostgreSQL another node's revocation must be
 * refused at once on this one too (docs/authentication.md), which a notice delivered after the
 * commit cannot promise, so there every credential is read from the database.
 */
final class CommitNotices implements AutoCloseable {
  static final String CHANNEL = "silo_outbox";
  static final String DELIVERIES_CHANNEL = "silo_deliveries";
  private static final Logger LOG = LoggerFactory.getLogger(CommitNotices.class);
  private static final int WAIT_MILLIS = 1_000;
  private static final Duration RETRY_MIN = Duration.ofSeconds(1);
  private static final Duration RETRY_MAX = Duration.ofSeconds(30);

  private final String jdbcUrl;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> deliveryListeners = new CopyOnWriteArrayList<>();
  private final List<CredentialWatch> credentialWatches = new CopyOnWriteArrayList<>();
  private volatile boolean closed;
  private Thread thread;

  /** {@code jdbcUrl}: the database to LISTEN to (PostgreSQL), or null to be told ({@link #committed}). */
  CommitNotices(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
  }

  /**
   * From inside a transaction that writes events: notes it for {@link #committed}, and on
   * PostgreSQL sends the notice to the other nodes.
   */
  static void announce(Sql sql) {
    notify(sql, CHANNEL, sql.announced());
    sql.announce();
  }

  /**
   * From inside a transaction that made a webhook delivery due (queued for a new event, or
   * re-driven): notes it, and on PostgreSQL tells the other nodes' dispatchers.
   */
  static void queued(Sql sql) {
    notify(sql, DELIVERIES_CHANNEL, sql.queuedDeliveries());
    sql.noteQueuedDeliveries();
  }

  /** Once per transaction and channel: PostgreSQL delivers the notice at commit, never for a rollback. */
  private static void notify(Sql sql, String channel, boolean already) {
    if (sql.dialect() == Dialect.POSTGRESQL && !already) {
      sql.later("NOTIFY " + channel);
    }
  }

  /**
   * A transaction of this process that wrote events, made deliveries due or changed credentials
   * has committed.
   */
  void committed(boolean events, boolean deliveries, boolean credentials) {
    if (events) {
      tell(listeners);
    }
    if (deliveries) {
      tell(deliveryListeners);
    }
    if (credentials) {
      credentialWatches.forEach(CredentialWatch::changed);
    }
  }

  private static void tell(List<Runnable> those) {
    for (Runnable listener : those) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.debug("an outbox listener failed: {}", e.toString());
      }
    }
  }

  /**
   * Adds a listener of every commit with events, or ({@code deliveriesOnly}) of those that queued
   * webhook deliveries; on PostgreSQL the first one starts listening. Returns what removes it.
   */
  synchronized AutoCloseable add(Runnable listener, boolean deliveriesOnly) {
    List<Runnable> list = deliveriesOnly ? deliveryListeners : listeners;
    list.add(listener);
    if (jdbcUrl != null && thread == null && !closed) {
      thread = Thread.ofVirtual().name("silo-outbox-listen").start(this::listen);
    }
    return () -> list.remove(listener);
  }

  /** Adds a credential watch, which hears on SQLite only (see above). Returns what removes it. */
  AutoCloseable watch(CredentialWatch watch) {
    credentialWatches.add(watch);
    watch.hearing(jdbcUrl == null);
    return () -> {
      credentialWatches.remove(watch);
      watch.hearing(false);
    };
  }

  private void listen() {
    Duration retry = RETRY_MIN;
    while (!closed) {
      try (Connection connection = DriverManager.getConnection(jdbcUrl);
          Statement statement = connection.createStatement()) {
        statement.execute("LISTEN " + CHANNEL);
        statement.execute("LISTEN " + DELIVERIES_CHANNEL);
        retry = RETRY_MIN;
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] notices = pg.getNotifications(WAIT_MILLIS);
          if (notices != null && notices.length > 0) {
            tell(listeners);
            if (Arrays.stream(notices).anyMatch(n -> DELIVERIES_CHANNEL.equals(n.getName()))) {
              tell(deliveryListeners);
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.warn("outbox notices lost ({}); polling finds new events meanwhile, listening again in {}", e.getMessage(), retry);
        try {
          Thread.sleep(retry);
        } catch (InterruptedException interrupted) {
          return;
        }
        retry = retry.multipliedBy(2).compareTo(RETRY_MAX) > 0 ? RETRY_MAX : retry.multipliedBy(2);
      }
    }
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      closed = true;
      t = thread;
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(Duration.ofSeconds(3));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
