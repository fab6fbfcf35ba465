package dev.silo.testkit;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh schema on the test PostgreSQL server with the two roles the README asks an operator to
 * create: an owner that runs migrations and an app role with DML grants only, neither a superuser
 * nor BYPASSRLS, so that row-level security binds whatever runs through {@link #appUrl}. Made
 * through {@code SILO_TEST_DATABASE_URL} (a role that may create roles, e.g. {@code postgres});
 * {@link #close} drops the schema and both roles.
 */
public final class PostgresSandbox implements AutoCloseable {
  /** The server the PostgreSQL tests use, or null: they are skipped then. */
  public static final String ADMIN_URL = System.getenv("SILO_TEST_DATABASE_URL");

  /** Why the PostgreSQL tests are skipped, for {@code assumeTrue}. */
  public static final String SKIPPED =
      "SILO_TEST_DATABASE_URL is not set (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres):"
          + " skipping the PostgreSQL run";

  private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^?]*)(?:\\?(.*))?");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String adminUrl;
  private final String schema;
  private final String owner;
  private final String app;
  private final String password;

  private PostgresSandbox(String adminUrl, String suffix) {
    this.adminUrl = adminUrl;
    this.schema = "silo_" + suffix;
    this.owner = "silo_owner_" + suffix;
    this.app = "silo_app_" + suffix;
    this.password = HexFormat.of().formatHex(bytes(16));
  }

  public static boolean configured() {
    return ADMIN_URL != null && !ADMIN_URL.isBlank();
  }

  /** A sandbox in the database of {@code SILO_TEST_DATABASE_URL}. */
  public static PostgresSandbox create() throws SQLException {
    return create(ADMIN_URL);
  }

  /** A sandbox in the database {@code adminUrl} names, made as its (role-creating) user. */
  public static PostgresSandbox create(String adminUrl) throws SQLException {
    PostgresSandbox sandbox = new PostgresSandbox(adminUrl, HexFormat.of().formatHex(bytes(6)));
    sandbox.setUp();
    return sandbox;
  }

  private void setUp() throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + owner + " LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '" + password + "'");
      s.execute("CREATE ROLE " + app + " LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '" + password + "'");
      s.execute("CREATE SCHEMA " + schema + " AUTHORIZATION " + owner);
      s.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + app);
      // what the owner creates later (every migration) is readable and writable by the app role
      s.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " IN SCHEMA " + schema
          + " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + app);
      s.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " IN SCHEMA " + schema
          + " GRANT USAGE, SELECT ON SEQUENCES TO " + app);
    }
  }

  /** The request path's URL: the app role, bound by row-level security. */
  public String appUrl() {
    return as(app);
  }

  /** The migrations' URL: the schema's owner. */
  public String ownerUrl() {
    return as(owner);
  }

  /** The superuser's URL, in this schema: sees every row (for assertions behind the store). */
  public String adminUrl() {
    return withParameters(adminUrl, "currentSchema=" + schema);
  }

  public String schema() {
    return schema;
  }

  public String appRole() {
    return app;
  }

  public String ownerRole() {
    return owner;
  }

  private String as(String role) {
    Matcher m = URL.matcher(adminUrl);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a jdbc:postgresql:// URL");
    }
    StringBuilder query = new StringBuilder();
    if (m.group(2) != null) {
      for (String parameter : m.group(2).split("&")) {
        if (!parameter.isEmpty() && !parameter.startsWith("user=")
            && !parameter.startsWith("password=") && !parameter.startsWith("currentSchema=")) {
          query.append(parameter).append('&');
        }
      }
    }
    query.append("user=").append(role).append("&password=").append(password)
        .append("&currentSchema=").append(schema);
    return m.group(1) + "?" + query;
  }

  private static String withParameters(String url, String parameters) {
    return url + (url.contains("?") ? "&" : "?") + parameters;
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      // grants and default privileges of the two roles in this database
      s.execute("DROP OWNED BY " + owner + ", " + app + " CASCADE");
      s.execute("DROP ROLE " + app);
      s.execute("DROP ROLE " + owner);
    }
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
