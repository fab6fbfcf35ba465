package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Silo with the Redis cache keeps serving, uncached, while Redis is gone, and starts when Redis
 * is not there yet. The test runs a redis-server of its own on a free port and kills it.
 */
class RedisOutageTest {
  @TempDir Path dir;

  @Test
  void requestsSucceedWhileRedisIsDown() throws Exception {
    assumeThat(onPath("redis-server")).as("redis-server is not installed: the Redis outage test is skipped").isTrue();
    try (RedisProbe.Server redis = new RedisProbe.Server(dir.resolve("redis")).start();
        TestSilo silo = TestSilo.start(dir.resolve("silo"), Map.of("SILO_REDIS_URL", redis.url()))) {
      Api t = silo.tenant("outage");
      assertThat(t.put("/v1/objects/a.txt", "before", "Content-Type", "text/plain").status()).isEqualTo(201);
      assertThat(t.get("/v1/objects/a.txt").body()).isEqualTo("before");
      // the node connects to Redis in the background: within a few reads, they are cached
      RedisProbe probe = new RedisProbe(redis.url());
      boolean cached = false;
      for (int i = 0; i < 50 && !cached; i++) {
        long before = probe.hits();
        assertThat(t.get("/v1/objects/a.txt").body()).isEqualTo("before");
        cached = probe.hits() > before;
        Thread.sleep(i == 0 ? 0 : 20);
      }
      assertThat(cached).as("the cache is in use").isTrue();

      redis.kill();
      long started = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        assertThat(t.get("/v1/objects/a.txt").body()).isEqualTo(i == 0 ? "before" : "during " + (i - 1));
        assertThat(t.put("/v1/objects/a.txt", "during " + i, "Content-Type", "text/plain").status()).isEqualTo(200);
        assertThat(t.get("/v1/objects").status()).isEqualTo(200);
        assertThat(t.get("/v1/info/a.txt").json().path("size").asLong()).isEqualTo(("during " + i).length());
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertThat(millis).as("20 requests without Redis take no timeout each").isLessThan(5_000);

      redis.start();
      assertThat(t.get("/v1/objects/a.txt").body()).isEqualTo("during 4");
      assertThat(t.put("/v1/objects/a.txt", "after", "Content-Type", "text/plain").status()).isEqualTo(200);
      assertThat(t.get("/v1/objects/a.txt").body()).isEqualTo("after");
    }
  }

  @Test
  void startsWithoutRedis() throws Exception {
    int port;
    try (var free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (TestSilo silo = TestSilo.start(dir.resolve("silo"), Map.of("SILO_REDIS_URL", "redis://127.0.0.1:" + port))) {
      Api t = silo.tenant("no-redis");
      assertThat(t.put("/v1/objects/a.txt", "x", "Content-Type", "text/plain").status()).isEqualTo(201);
      assertThat(t.get("/v1/objects/a.txt").body()).isEqualTo("x");
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
