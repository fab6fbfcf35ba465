package dev.silo.metadata.jdbc;

import dev.silo.core.error.ConflictException;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.spi.DuplicateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns driver errors into the core's vocabulary: a constraint the caller can act on, a database
 * that cannot be reached (503, retry later), or a bug (500).
 */
final class SqlErrors {
  /** Base result codes of SQLite that mean "not now" rather than "wrong". */
  private static final Set<Integer> SQLITE_UNAVAILABLE =
      Set.of(
          SQLiteErrorCode.SQLITE_BUSY.code,
          SQLiteErrorCode.SQLITE_LOCKED.code,
          SQLiteErrorCode.SQLITE_IOERR.code,
          SQLiteErrorCode.SQLITE_FULL.code,
          SQLiteErrorCode.SQLITE_CANTOPEN.code,
          SQLiteErrorCode.SQLITE_READONLY.code);

  private SqlErrors() {}

  static RuntimeException translate(SQLException e) {
    if (isDuplicate(e)) {
      return new DuplicateException("a row with the same unique value already exists");
    }
    if (isForeignKey(e)) {
      return new ConflictException(
          "conflict", "the change conflicts with a concurrent change; retry");
    }
    if (isUnavailable(e)) {
      return new UnavailableException("the metadata database is unavailable", e);
    }
    return new IllegalStateException("metadata statement failed: " + e.getMessage(), e);
  }

  static boolean isDuplicate(SQLException e) {
    if (e instanceof SQLiteException s) {
      return s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
          || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
    }
    return "23505".equals(e.getSQLState());
  }

  private static boolean isForeignKey(SQLException e) {
    if (e instanceof SQLiteException s) {
      return s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY;
    }
    return "23503".equals(e.getSQLState());
  }

  private static boolean isUnavailable(SQLException e) {
    if (e instanceof SQLTransientConnectionException
        || e instanceof SQLNonTransientConnectionException) {
      return true; // includes the pool's "no connection within the timeout"
    }
    if (e instanceof SQLiteException s) {
      return SQLITE_UNAVAILABLE.contains(s.getResultCode().code & 0xff);
    }
    String state = e.getSQLState();
    return state != null
        && (state.startsWith("08") // connection exception
            || state.startsWith("53") // insufficient resources: disk full, too many connections
            || state.startsWith("57P") // server shutting down or starting
            || state.equals("40001") // serialization failure
            || state.equals("40P01")); // deadlock: the other transaction went through
  }
}
