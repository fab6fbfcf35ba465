package dev.silo.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.silo.server.it.Api;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox promise: an event committed with its change is delivered even when Silo is killed
 * ({@code kill -9}) after the commit and before the delivery, once it starts again.
 */
class WebhookDurabilityIT {
  @TempDir Path tmp;
  SiloProcess silo;
  HttpServer receiver;
  final List<String> bodies = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    if (silo != null) {
      silo.close();
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  void anEventCommittedBeforeAKillIsDeliveredAfterTheRestart() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", ex -> {
      bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    receiver.start();
    // the dispatcher looks once at start, then sleeps a minute: nothing is sent before the kill
    silo = new SiloProcess("WebhookDurabilityIT", tmp.resolve("data"))
        .env("SILO_WEBHOOK_ALLOW_PRIVATE", "true")
        .env("SILO_EVENTS_POLL_INTERVAL", "60s")
        .start();
    Api tenant = silo.as(silo.createTenant("acme"));
    Api.Resp hook = tenant.post("/v1/webhooks",
        "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\",\"events\":[\"object.created\"]}");
    assertThat(hook.status()).isEqualTo(201);
    assertThat(tenant.put("/v1/objects/committed.txt", "bytes", "Content-Type", "text/plain").status()).isEqualTo(201);
    silo.kill9();
    assertThat(bodies).as("nothing delivered before the kill").isEmpty();

    silo.env("SILO_EVENTS_POLL_INTERVAL", "100ms").start();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (bodies.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(bodies).hasSize(1);
    assertThat(bodies.get(0)).contains("\"type\":\"object.created\"").contains("\"key\":\"committed.txt\"");
    Thread.sleep(500);
    assertThat(bodies).as("delivered once").hasSize(1);
  }
}
