package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.silo.cache.redis.RedisSharedCache;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The metadata cache over {@code rediss://}: a redis-server of the test's own serving TLS with a
 * certificate of the test CA, trusted through {@code SILO_REDIS_CA_CERT}; and a {@code rediss://}
 * URL to a Redis without TLS, which costs no request anything and is reported in one line.
 */
class RedisTlsTest {
  @TempDir Path dir;

  @Test
  void cachesThroughRedisOverTls() throws Exception {
    assumeThat(onPath("redis-server")).as("redis-server is not installed: the rediss:// test is skipped").isTrue();
    int tlsPort = freePort();
    TestCertificatesFiles files = files();
    try (RedisProbe.Server redis = new RedisProbe.Server(dir.resolve("redis")).startWithTls(tlsPort, files.cert, files.key, files.ca);
        TestSilo silo = TestSilo.start(dir.resolve("silo"), Map.of(
            "SILO_REDIS_URL", "rediss://127.0.0.1:" + tlsPort, "SILO_REDIS_CA_CERT", files.ca.toString()))) {
      Api t = silo.tenant("rediss");
      assertThat(t.put("/v1/objects/a.txt", "cached over tls", "Content-Type", "text/plain").status()).isEqualTo(201);
      // the node connects in the background; the plain port is only the test's window on the hit counter
      RedisProbe probe = new RedisProbe(redis.url());
      boolean cached = false;
      for (int i = 0; i < 300 && !cached; i++) {
        long before = probe.hits();
        assertThat(t.get("/v1/objects/a.txt").body()).isEqualTo("cached over tls");
        cached = probe.hits() > before;
        Thread.sleep(i == 0 ? 0 : 50);
      }
      assertThat(cached).as("reads are served from Redis over TLS").isTrue();
    }
  }

  @Test
  void redissToARedisWithoutTlsIsOneLineAndCostsNoRequestAnything() throws Exception {
    assumeThat(onPath("redis-server")).as("redis-server is not installed: the rediss:// test is skipped").isTrue();
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(RedisSharedCache.class);
    log.start();
    logger.addAppender(log);
    try (RedisProbe.Server redis = new RedisProbe.Server(dir.resolve("plain")).start();
        TestSilo silo = TestSilo.start(dir.resolve("silo"), Map.of("SILO_REDIS_URL", redis.url().replace("redis://", "rediss://")))) {
      Api t = silo.tenant("plain-redis");
      long started = System.nanoTime();
      assertThat(t.put("/v1/objects/a.txt", "x", "Content-Type", "text/plain").status()).isEqualTo(201);
      for (int i = 0; i < 10; i++) {
        assertThat(t.get("/v1/objects/a.txt").body()).isEqualTo("x");
      }
      assertThat((System.nanoTime() - started) / 1_000_000).as("no request waits for the handshake").isLessThan(5_000);
      assertThat(new RedisProbe(redis.url()).hits()).isZero();
      // the handshake fails (or times out) in the background: one warning line, no stack trace
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (log.list.stream().noneMatch(e -> e.getFormattedMessage().contains("Redis failed")) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      ILoggingEvent warning =
          log.list.stream().filter(e -> e.getFormattedMessage().contains("Redis failed")).findFirst().orElseThrow();
      assertThat(warning.getFormattedMessage())
          .startsWith("metadata cache: Redis failed, serving from the database uncached: ")
          .endsWith("(rediss://: the port must serve TLS, and its certificate be trusted: SILO_REDIS_CA_CERT or the JVM's trust store)")
          .doesNotContain("\n");
      assertThat(warning.getThrowableProxy()).isNull();
    } finally {
      logger.detachAppender(log);
    }
  }

  private record TestCertificatesFiles(Path cert, Path key, Path ca) {}

  private TestCertificatesFiles files() throws Exception {
    Map<String, String> tls = TestTls.serve(dir.resolve("tls"));
    return new TestCertificatesFiles(Path.of(tls.get("SILO_TLS_CERT")), Path.of(tls.get("SILO_TLS_KEY")), TestTls.ca().caFile());
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static boolean onPath(String command) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, command))) {
        return true;
      }
    }
    return false;
  }
}
