package dev.silo.metadata.jdbc;

import dev.silo.core.domain.TenantId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.MDC;

/**
 * Group commit, for SQLite: one writer, and every commit waits for the disk (synchronous=FULL). The
 * units of work that arrive while a transaction runs wait, and the next caller to lead runs them
 * all in one transaction, each in a savepoint of its own, and commits them with one fsync. A unit
 * that fails is rolled back to its savepoint alone and its exception is rethrown to its caller
 * unchanged; the others commit. Every caller returns only once its unit is committed, or failed.
 *
 * <p>The units run one after another on the leader's thread, in arrival order, exactly as they
 * would have run one transaction each: each sees what the units before it did.
 */
final class CommitGroups {
  /** The most units in one transaction, so that one commit does not keep early callers waiting long. */
  static final int MAX_UNITS = 64;

  /** Opens and gives back the store's connection, and rolls back a transaction that failed. */
  interface Connections {
    Connection open();

    void rollback(Connection connection);

    void release(Connection connection);

    /**
     * A committed transaction wrote events, made webhook deliveries due or changed credentials
     * (see {@link CommitNotices}).
     */
    void committed(boolean events, boolean deliveries, boolean credentials);
  }

  private final Dialect dialect;
  private final StatementCache statements;
  private final Connections connections;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition settled = lock.newCondition();
  private final List<Unit<?>> waiting = new ArrayList<>();
  private boolean leading;
  private long transactions;

  CommitGroups(Dialect dialect, StatementCache statements, Connections connections) {
    this.dialect = dialect;
    this.statements = statements;
    this.connections = connections;
  }

  /** Runs {@code work} in a transaction bound to {@code tenant} (null: global), with others. */
  <T> T run(TenantId tenant, Function<Sql, T> work) {
    Unit<T> unit = new Unit<>(tenant, work);
    lock.lock();
    try {
      waiting.add(unit);
      while (!unit.done) {
        if (leading) {
          settled.awaitUninterruptibly();
          continue;
        }
        leading = true;
        List<Unit<?>> group = new ArrayList<>(waiting.subList(0, Math.min(MAX_UNITS, waiting.size())));
        waiting.subList(0, group.size()).clear();
        lock.unlock();
        try {
          runTogether(group);
        } finally {
          lock.lock();
          transactions++;
          for (Unit<?> settledUnit : group) {
            settledUnit.done = true; // under the lock: its caller then sees its result too
          }
          leading = false;
          settled.signalAll();
        }
      }
    } finally {
      lock.unlock();
    }
    return unit.outcome();
  }

  /** How many transactions have run (for tests and diagnostics). */
  long transactions() {
    lock.lock();
    try {
      return transactions;
    } finally {
      lock.unlock();
    }
  }

  /** How many units wait for the next transaction (for tests and diagnostics). */
  int waiting() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  /** One transaction for the group; gives every unit a result or a failure, whatever happens. */
  private void runTogether(List<Unit<?>> group) {
    Connection connection = null;
    try {
      connection = connections.open();
      dialect.begin(connection, statements);
      if (group.size() == 1) {
        Unit<?> only = group.getFirst();
        only.run(new Sql(connection, dialect, statements, only.tenant));
        if (only.failure != null) {
          rollback(connection);
          release(connection);
          return;
        }
      } else {
        for (Unit<?> unit : group) {
          Dialect.execute(connection, "SAVEPOINT unit", statements);
          unit.run(new Sql(connection, dialect, statements, unit.tenant));
          if (unit.failure != null) {
            Dialect.execute(connection, "ROLLBACK TO unit", statements);
          }
          Dialect.execute(connection, "RELEASE unit", statements);
        }
      }
      dialect.commit(connection, statements);
      connection = release(connection);
    } catch (SQLException | RuntimeException | Error e) {
      RuntimeException cause = e instanceof SQLException sql ? SqlErrors.translate(sql) : null;
      if (connection != null) {
        rollback(connection);
        release(connection);
      }
      for (Unit<?> unit : group) {
        if (unit.failure == null) {
          unit.failure = cause != null ? cause : e; // the transaction is gone, with every unit's work
        }
      }
      return;
    }
    boolean events = group.stream().anyMatch(unit -> unit.failure == null && unit.announced);
    boolean deliveries = group.stream().anyMatch(unit -> unit.failure == null && unit.queued);
    boolean credentials = group.stream().anyMatch(unit -> unit.failure == null && unit.credentials);
    if (events || deliveries || credentials) {
      try {
        connections.committed(events, deliveries, credentials);
      } catch (RuntimeException e) {
        // a hint only: the listeners' pollers find the events anyway (credential watches do not throw)
      }
    }
  }

  private void rollback(Connection connection) {
    connections.rollback(connection);
  }

  private Connection release(Connection connection) {
    connections.release(connection);
    return null;
  }

  /**
   * One caller's work and its result or failure, written by the leader; {@code done} is set under
   * the lock once they are final.
   */
  private static final class Unit<T> {
    final TenantId tenant;
    final Function<Sql, T> work;
    /** The caller's log context (request id, tenant), so the unit logs as its request. */
    final Map<String, String> logContext;
    T result;
    Throwable failure;
    boolean announced;
    boolean queued;
    boolean credentials;
    boolean done;

    Unit(TenantId tenant, Function<Sql, T> work) {
      this.tenant = tenant;
      this.work = work;
      this.logContext = MDC.getCopyOfContextMap();
    }

    /** Runs on the leader's thread, under the caller's log context. */
    void run(Sql sql) {
      Map<String, String> leaders = MDC.getCopyOfContextMap();
      setLogContext(logContext);
      try {
        result = work.apply(sql);
        sql.flush(); // inside the unit's savepoint, as in a transaction of its own (nothing waits on SQLite today)
        announced = sql.announced();
        queued = sql.queuedDeliveries();
        credentials = sql.credentialsChanged();
      } catch (RuntimeException | Error e) {
        failure = e;
      } finally {
        setLogContext(leaders);
      }
    }

    private static void setLogContext(Map<String, String> context) {
      if (context == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(context);
      }
    }

    T outcome() {
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      return result;
    }
  }
}
