package dev.silo.cache.redis;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when {@code SILO_TEST_REDIS_URL} names a Redis that answers PING: the
 * cache never fails when Redis is away (it only misses), so a test against none would prove
 * nothing.
 */
final class OnRedis implements ExecutionCondition {
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
    if (!pong(url)) {
      return ConditionEvaluationResult.disabled(
          "SILO_TEST_REDIS_URL=" + url + " does not answer PING: the Redis cache tests are skipped");
    }
    return ConditionEvaluationResult.enabled("Redis answers at " + url);
  }

  /**
   * A cache on the test Redis, once its connection (made in the background) carries commands, so
   * that a test's first reads really reach Redis. Waits for a real connection, never for time to
   * pass: at most ten seconds, then fails.
   */
  static RedisSharedCache connectedCache() {
    RedisSharedCache cache = RedisSharedCache.open(url(), Duration.ofSeconds(2), Clock.systemUTC());
    String key = "silo-test-probe-" + UUID.randomUUID();
    Instant deadline = Instant.now().plusSeconds(10);
    while (Instant.now().isBefore(deadline)) {
      cache.put(Map.of(key, new byte[] {1}), Duration.ofSeconds(5));
      if (cache.get(List.of(key)).getFirst() != null) {
        return cache;
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    cache.close();
    throw new IllegalStateException("the cache did not connect to " + url() + " within 10 s");
  }

  private static boolean pong(String url) {
    URI u = URI.create(url);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort()), 500);
      s.setSoTimeout(2000);
      s.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      return new String(in.readNBytes(7), StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }
}
