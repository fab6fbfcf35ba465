package dev.silo.server.it;

import dev.silo.testkit.PostgresSandbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class's Silos on PostgreSQL: a fresh schema per class, migrated by its owner role
 * and used by an app role that row-level security binds ({@link PostgresSandbox}). The class is
 * skipped, with the reason, when {@code SILO_TEST_DATABASE_URL} is not set.
 */
public final class OnPostgres implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(OnPostgres.class);

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return PostgresSandbox.configured()
        ? ConditionEvaluationResult.enabled("SILO_TEST_DATABASE_URL is set")
        : ConditionEvaluationResult.disabled(PostgresSandbox.SKIPPED);
  }

  private static final String CLASS_MASTER_KEY =
      java.util.Base64.getEncoder().encodeToString("silo test master key, one per db".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    PostgresSandbox sandbox = PostgresSandbox.create();
    AutoCloseable backend =
        TestSilo.useBackend(
            Map.of(
                "SILO_DATABASE_URL", sandbox.appUrl(),
                "SILO_DATABASE_MIGRATION_URL", sandbox.ownerUrl(),
                // one database, one master key, as in a deployment: the class's tests each start
                // with a data directory of their own, which would otherwise generate a key each,
                // and tenants' data keys wrapped by one would stop the start of the next
                "SILO_MASTER_KEY", CLASS_MASTER_KEY));
    context.getStore(NAMESPACE).put("sandbox", sandbox);
    context.getStore(NAMESPACE).put("backend", backend);
  }

  private static long tenants(PostgresSandbox sandbox) throws SQLException {
    try (Connection c = DriverManager.getConnection(sandbox.adminUrl());
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM tenants")) {
      r.next();
      return r.getLong(1);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    AutoCloseable backend = store.remove("backend", AutoCloseable.class);
    PostgresSandbox sandbox = store.remove("sandbox", PostgresSandbox.class);
    if (backend != null) {
      backend.close();
    }
    if (sandbox != null) {
      try {
        // the class really ran on PostgreSQL, not on a SQLite file beside it
        if (tenants(sandbox) == 0) {
          throw new AssertionError("no tenant reached the PostgreSQL schema " + sandbox.schema());
        }
      } finally {
        sandbox.close();
      }
    }
  }
}
