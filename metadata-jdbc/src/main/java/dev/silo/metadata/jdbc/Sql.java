package dev.silo.metadata.jdbc;

import dev.silo.core.domain.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The statements of one transaction: binds arguments, maps rows, and turns every driver error into
 * an unchecked one, so that repositories read as plain SQL.
 *
 * <p>The transaction's tenant is bound by the first statement ({@link Dialect#binding}): the
 * binding is sent with it, as one request to the database, where a statement of its own cost every
 * unit of work a round trip (on PostgreSQL, a third of a small read's). Until a statement has run,
 * the transaction has read nothing to guard. A read whose statements each run on their own sends
 * it with every one ({@link #reading}). Writes whose results nothing reads but a check of their
 * count go the same way, ahead of the next statement or of the commit ({@link #later}).
 */
final class Sql {
  /** {@code ?, ?, ?}: the placeholders of an {@code IN (…)} list of {@code n} bound values. */
  static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  /** Reads one row; called with the cursor on it. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  private final Connection connection;
  private final Dialect dialect;
  private final StatementCache statements;
  /**
   * A statement and its arguments, sent ahead of another; {@code changed}, when not null, is told
   * how many rows it changed once it has run (and may throw to fail the unit of work).
   */
  record Step(String sql, Changed changed, Object... args) {}

  /** What a deferred write does with its count of changed rows ({@link #later(Changed, String, Object...)}). */
  @FunctionalInterface
  interface Changed {
    void rows(int count);

    /** A write that must change a row: when it changes none, what {@code otherwise} makes is thrown. */
    static Changed atLeastOne(Supplier<? extends RuntimeException> otherwise) {
      return count -> {
        if (count == 0) {
          throw otherwise.get();
        }
      };
    }
  }

  /** Sent with the next statement, until one has run; null once it has, or where nothing is bound. */
  private Step binding;
  /** Sent with every statement (each its own transaction), or null. */
  private final Step everyBinding;
  /** Writes waiting to go ahead of the next statement ({@link #later}). */
  private final List<Step> waiting = new ArrayList<>();
  private boolean announced;
  private boolean queuedDeliveries;
  private boolean credentialsChanged;

  /**
   * {@code statements}: where prepared statements are kept between uses, or null to prepare each
   * time; {@code tenant}: the tenant the transaction is bound to, or null for global work.
   */
  Sql(Connection connection, Dialect dialect, StatementCache statements, TenantId tenant) {
    this(connection, dialect, statements, dialect.binding(tenant), null);
  }

  private Sql(
      Connection connection, Dialect dialect, StatementCache statements, Step binding, Step everyBinding) {
    this.connection = connection;
    this.dialect = dialect;
    this.statements = statements;
    this.binding = binding;
    this.everyBinding = everyBinding;
  }

  /** The statements of a read (see {@link Dialect#readsStatementByStatement}). */
  static Sql reading(Connection connection, Dialect dialect, StatementCache statements, TenantId tenant) {
    return dialect.readsStatementByStatement()
        ? new Sql(connection, dialect, statements, null, dialect.binding(tenant))
        : new Sql(connection, dialect, statements, tenant);
  }

  Dialect dialect() {
    return dialect;
  }

  /** Notes that this unit of work wrote events (see {@link CommitNotices#announce}). */
  void announce() {
    announced = true;
  }

  boolean announced() {
    return announced;
  }

  /** Notes that this unit of work made webhook deliveries due (see {@link CommitNotices#queued}). */
  void noteQueuedDeliveries() {
    queuedDeliveries = true;
  }

  boolean queuedDeliveries() {
    return queuedDeliveries;
  }

  /**
   * Notes that this unit of work revoked a credential or changed or deleted a tenant: once it
   * commits, the credential watches are told ({@link CommitNotices}).
   */
  void noteCredentialsChanged() {
    credentialsChanged = true;
  }

  boolean credentialsChanged() {
    return credentialsChanged;
  }

  /** Runs an INSERT, UPDATE or DELETE; returns the number of rows it changed. */
  int update(String sql, Object... args) {
    return run(sql, args, StatementCache.Kept::executeUpdate);
  }

  /**
   * A write whose result nothing reads and whose failure fails the whole unit of work anyway (an
   * audit record, a notice, a counter): where the dialect {@linkplain Dialect#defersWrites defers
   * writes}, it goes ahead of the unit's next statement, or of its commit ({@link #flush}), in the
   * same round trip; elsewhere it runs now. Either way it runs before anything the unit does after.
   */
  void later(String sql, Object... args) {
    later(null, sql, args);
  }

  /**
   * As {@link #later(String, Object...)}, for a write whose count of changed rows decides whether
   * the unit of work goes on (an insert that found its key taken, an update that found no row):
   * {@code changed} is told the count when the write runs, and what it throws fails the unit there,
   * at the write or, deferred, at the unit's next statement or its commit.
   */
  void later(Changed changed, String sql, Object... args) {
    if (dialect.defersWrites()) {
      waiting.add(new Step(sql, changed, args));
    } else {
      int count = update(sql, args);
      if (changed != null) {
        changed.rows(count);
      }
    }
  }

  /**
   * Runs the writes still waiting ({@link #later}): before the unit of work commits. A count's
   * check may queue another write (a notice), which goes in a round trip of its own.
   */
  void flush() {
    while (!waiting.isEmpty()) {
      Step last = waiting.removeLast();
      int count = run(last.sql(), last.args(), StatementCache.Kept::executeUpdate);
      if (last.changed() != null) {
        last.changed().rows(count);
      }
    }
  }

  /** Runs an INSERT … RETURNING of one generated number. */
  long insertReturningId(String sql, Object... args) {
    return first(sql, row -> row.getLong(1), args)
        .orElseThrow(() -> new IllegalStateException("insert returned no id"));
  }

  <T> List<T> list(String sql, RowMapper<T> mapper, Object... args) {
    return run(sql, args, statement -> {
      try (ResultSet rows = statement.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rows.next()) {
          out.add(mapper.map(rows));
        }
        return out;
      }
    });
  }

  <T> Optional<T> first(String sql, RowMapper<T> mapper, Object... args) {
    return run(sql, args, statement -> {
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(mapper.map(rows)) : Optional.<T>empty();
      }
    });
  }

  /**
   * Prepares (or takes a kept statement), binds, runs {@code use}; the statement is closed or kept
   * after. The binding, if it is still to be sent, and the writes waiting ({@link #later}) go ahead
   * of it in the same statement, and are done with only once it has run.
   */
  private <T> T run(String sql, Object[] args, StatementCache.Use<T> use) {
    Step bound = everyBinding != null ? everyBinding : binding;
    if (bound != null || !waiting.isEmpty()) {
      List<Step> ahead = new ArrayList<>(waiting.size() + 1);
      if (bound != null) {
        ahead.add(bound);
      }
      ahead.addAll(waiting);
      int sent = waiting.size();
      T result = runAfter(ahead, sql, args, use);
      binding = null;
      waiting.subList(0, sent).clear(); // not what a count's check queued as they ran
      return result;
    }
    StatementCache.Use<T> withArgs = statement -> {
      for (int i = 0; i < args.length; i++) {
        bind(statement.statement, i + 1, args[i]);
      }
      return use.run(statement);
    };
    try {
      if (statements != null) {
        return statements.with(connection, sql, withArgs);
      }
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        return withArgs.run(new StatementCache.Kept(statement));
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e);
    }
  }

  /** {@code sql} after the steps {@code ahead}, in one statement of several parts: one request to the database. */
  private <T> T runAfter(List<Step> ahead, String sql, Object[] args, StatementCache.Use<T> use) {
    StringBuilder text = new StringBuilder();
    for (Step step : ahead) {
      text.append(step.sql()).append("; ");
    }
    try (PreparedStatement statement = connection.prepareStatement(text.append(sql).toString())) {
      int index = 1;
      for (Step step : ahead) {
        for (Object arg : step.args()) {
          bind(statement, index++, arg);
        }
      }
      for (Object arg : args) {
        bind(statement, index++, arg);
      }
      return use.run(StatementCache.Kept.after(statement, ahead.stream().map(Step::changed).toList()));
    } catch (SQLException e) {
      throw SqlErrors.translate(e);
    }
  }

  private static void bind(PreparedStatement statement, int index, Object arg)
      throws SQLException {
    switch (arg) {
      // NULL lets PostgreSQL infer the type from the column, where VARCHAR would clash with BIGINT
      case null -> statement.setNull(index, Types.NULL);
      case String s -> statement.setString(index, s);
      case Long l -> statement.setLong(index, l);
      case Integer i -> statement.setInt(index, i);
      case Boolean b -> statement.setBoolean(index, b);
      case byte[] bytes -> statement.setBytes(index, bytes);
      case Instant t -> statement.setLong(index, t.toEpochMilli());
      default ->
          throw new IllegalArgumentException("cannot bind a " + arg.getClass().getSimpleName());
    }
  }
}
