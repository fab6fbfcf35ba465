package dev.silo.server.it;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class's Silos with the Redis metadata cache of {@code SILO_TEST_REDIS_URL}
 * ({@code .ci/run} sets it and starts Redis). The class is skipped, with the reason, when the
 * variable is not set or that Redis does not answer.
 */
public final class OnRedis implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(OnRedis.class);

  static String url() {
    return System.getenv("SILO_TEST_REDIS_URL");
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String url = url();
    if (url == null || url.isBlank()) {
      return ConditionEvaluationResult.disabled(
          "SILO_TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379): the Redis cache tests are skipped");
    }
    if (!new RedisProbe(url).reachable()) {
      return ConditionEvaluationResult.disabled("SILO_TEST_REDIS_URL=" + url + " does not answer PING: the Redis cache tests are skipped");
    }
    return ConditionEvaluationResult.enabled("Redis answers at " + url);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NAMESPACE).put("backend", TestSilo.useBackend(Map.of("SILO_REDIS_URL", url())));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    AutoCloseable backend = context.getStore(NAMESPACE).remove("backend", AutoCloseable.class);
    if (backend != null) {
      backend.close();
    }
  }
}
