package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook dispatcher polls for due deliveries only every 30 s here, and is woken only by a
 * commit that queued one (not by every commit with events): a PUT of a tenant with a webhook is
 * still delivered at once, and PUTs of tenants without one do not get in its way.
 */
class WebhookWakeTest {
  @TempDir Path dir;

  @Test
  void aCommitThatQueuedADeliveryWakesTheDispatcherAtOnce() throws Exception {
    BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    receiver.createContext("/", ex -> {
      bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    receiver.start();
    try (TestSilo silo = TestSilo.start(dir.resolve("data"),
        Map.of("SILO_WEBHOOK_ALLOW_PRIVATE", "true", "SILO_EVENTS_POLL_INTERVAL", "30s"))) {
      Api quiet = silo.tenant("wake-quiet");
      Api hooked = silo.tenant("wake-hooked");
      String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/h";
      assertThat(hooked.post("/v1/webhooks", "{\"url\":\"" + url + "\"}").status()).isEqualTo(201);
      Thread.sleep(300); // the dispatcher has looked once at start and now waits for a wake-up
      for (int i = 0; i < 5; i++) {
        assertThat(quiet.put("/v1/objects/q" + i + ".txt", "q", "Content-Type", "text/plain").status()).isEqualTo(201);
      }
      assertThat(hooked.put("/v1/objects/woke.txt", "w", "Content-Type", "text/plain").status()).isEqualTo(201);
      // a dispatcher that only polled would send it in up to 30 s
      String body = bodies.poll(5, TimeUnit.SECONDS);
      assertThat(body).isNotNull().contains("\"key\":\"woke.txt\"");
      assertThat(bodies.poll(300, TimeUnit.MILLISECONDS)).as("the quiet tenant's events go nowhere").isNull();
    } finally {
      receiver.stop(0);
    }
  }
}
