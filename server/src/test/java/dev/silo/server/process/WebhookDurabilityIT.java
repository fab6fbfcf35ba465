package dev.silo.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.silo.server.it.Api;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox promise: an event committed with its change is delivered even when Silo is killed
 * ({@code kill -9}) before the delivery completed, once it starts again. Here the kill hits while
 * the first attempt is in flight (the receiver holds it unanswered); the restarted node takes the
 * delivery up again when the dead node's lease runs out.
 */
class WebhookDurabilityIT {
  @TempDir Path tmp;
  SiloProcess silo;
  HttpServer receiver;
  final List<String> answered = new CopyOnWriteArrayList<>();
  final CountDownLatch firstAttempt = new CountDownLatch(1);
  final CountDownLatch stopping = new CountDownLatch(1);
  volatile boolean answering;

  @AfterEach
  void stop() throws InterruptedException {
    stopping.countDown();
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
    receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    receiver.createContext("/", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (!answering) {
        firstAttempt.countDown();
        try {
          stopping.await(); // attempts before the kill hang, unanswered
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      answered.add(body);
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    receiver.start();
    silo = new SiloProcess("WebhookDurabilityIT", tmp.resolve("data"))
        .env("SILO_WEBHOOK_ALLOW_PRIVATE", "true")
        .env("SILO_WEBHOOK_TIMEOUT", "3s")
        .start();
    Api tenant = silo.as(silo.createTenant("acme"));
    Api.Resp hook = tenant.post("/v1/webhooks",
        "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\",\"events\":[\"object.created\"]}");
    assertThat(hook.status()).isEqualTo(201);
    assertThat(tenant.put("/v1/objects/committed.txt", "bytes", "Content-Type", "text/plain").status()).isEqualTo(201);
    assertThat(firstAttempt.await(10, TimeUnit.SECONDS)).as("the first attempt reached the receiver").isTrue();
    silo.kill9();
    assertThat(answered).as("nothing was delivered before the kill").isEmpty();

    answering = true;
    // the restart waits out the dead node's lease on the delivery (its timeout + 10 s), then sends it
    silo.env("SILO_EVENTS_POLL_INTERVAL", "100ms").start();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (answered.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(answered).isNotEmpty();
    assertThat(answered.get(0)).contains("\"type\":\"object.created\"").contains("\"key\":\"committed.txt\"");
    Thread.sleep(500);
    assertThat(answered).as("delivered once after the restart").hasSize(1);
  }
}
