package dev.silo.server;

import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why Silo cannot start, as one line an operator can act on: the setting at fault, what is wrong
 * and what to do. Start-up raises it where the setting is known (ports, the data directory);
 * {@link #explain} turns whatever else a start threw into such a line. The stack trace is for
 * {@code SILO_LOG_LEVEL=DEBUG} only.
 */
final class StartFailure extends RuntimeException {
  private static final Pattern ROLE = Pattern.compile("role \"([^\"]+)\" does not exist");
  private static final Pattern PASSWORD = Pattern.compile("authentication failed for user \"([^\"]+)\"");
  private static final Pattern DATABASE = Pattern.compile("database \"([^\"]+)\" does not exist");
  private static final Pattern HOST_PORT = Pattern.compile("jdbc:postgresql://([^/?]+)");

  StartFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /** The data directory cannot be made, locked or written. */
  static StartFailure dataDir(Path dir, Exception e) {
    String what =
        switch (e) {
          case FileAlreadyExistsException f -> "is a file, not a directory";
          case NotDirectoryException f -> "is a file, not a directory";
          case AccessDeniedException a ->
              "is not writable by user " + System.getProperty("user.name") + " (" + a.getFile() + ")";
          case FileSystemException f -> "cannot be used: " + (f.getReason() == null ? f.getMessage() : f.getReason());
          default -> "cannot be used: " + e.getMessage();
        };
    return new StartFailure(
        "SILO_DATA_DIR: " + dir + " " + what + ": point SILO_DATA_DIR (--data-dir) at a directory Silo may write, or fix its permissions",
        e);
  }

  /** A listening port cannot be bound; {@code setting} names the port's variable. */
  static StartFailure bind(String setting, String what, String host, int port, Exception e) {
    BindException bind = find(e, BindException.class);
    String reason = bind == null ? e.getMessage() : bind.getMessage();
    if (reason != null && reason.toLowerCase(Locale.ROOT).contains("in use")) {
      return new StartFailure(
          setting + ": port " + port + " on " + host + " (" + what + ") is already in use: stop the program holding it,"
              + " or choose another port with " + setting + (setting.equals("SILO_PORT") ? " (--port)" : "") + " (0 picks a free one)",
          e);
    }
    return new StartFailure(
        "SILO_HOST: cannot listen on " + host + ":" + port + " (" + what + "): " + reason
            + ": set SILO_HOST (--host) to an address of this machine, e.g. 127.0.0.1 or 0.0.0.0",
        e);
  }

  /** One line for anything a start threw. */
  static String explain(Throwable e, Config config) {
    if (e instanceof StartFailure f) {
      return f.getMessage();
    }
    SQLException sql = find(e, SQLException.class);
    if (sql != null && config != null) {
      return database(e, sql, config);
    }
    if (e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof TenantsFile.Invalid) {
      return e.getMessage();
    }
    StringBuilder line = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !line.toString().contains(c.getMessage())) {
        line.append(": ").append(c.getMessage());
      }
    }
    return line.toString().replace('\n', ' ');
  }

  private static String database(Throwable e, SQLException sql, Config config) {
    // a migration URL is tried first when set; the failure says which step it was
    boolean migrating = config.databaseMigrationUrl() != null && chain(e).contains("to migrate");
    String url = migrating ? config.databaseMigrationUrl() : config.databaseUrl();
    String setting = migrating ? "SILO_DATABASE_MIGRATION_URL" : "SILO_DATABASE_URL";
    String message = sql.getMessage() == null ? "" : sql.getMessage();
    Matcher m = HOST_PORT.matcher(url);
    String server = m.find() ? "PostgreSQL at " + m.group(1) : "the database";
    if (message.contains("refused")) {
      return setting + ": " + server + " refused the connection: start PostgreSQL, or fix the host and port in " + setting;
    }
    if (message.contains("does not support SSL")) {
      return setting + ": " + server + " does not support SSL: turn on ssl in PostgreSQL, or drop sslmode= from " + setting;
    }
    if ("08001".equals(sql.getSQLState())) {
      return setting + ": " + server + " cannot be reached (" + message.replace('\n', ' ') + "): check the host and port in " + setting;
    }
    if ((m = ROLE.matcher(message)).find()) {
      return setting + ": " + server + " has no role \"" + m.group(1) + "\": create it (docs/production.md, PostgreSQL),"
          + " or fix user= in " + setting;
    }
    if ((m = PASSWORD.matcher(message)).find()) {
      return setting + ": " + server + " refused the password of user \"" + m.group(1) + "\": fix password= in " + setting;
    }
    if ((m = DATABASE.matcher(message)).find()) {
      return setting + ": " + server + " has no database \"" + m.group(1) + "\": create it (CREATE DATABASE), or fix the name in " + setting;
    }
    return setting + ": cannot use the metadata database: " + message.replace('\n', ' ');
  }

  private static String chain(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      sb.append(c.getMessage()).append('\n');
    }
    return sb.toString();
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }
}
