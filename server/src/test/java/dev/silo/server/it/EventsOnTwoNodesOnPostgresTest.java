package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events with two nodes on one PostgreSQL database: a stream on one node sees a PUT made through
 * the other, and with both dispatchers claiming deliveries each event reaches the receiver once.
 */
@ExtendWith(OnPostgres.class)
class EventsOnTwoNodesOnPostgresTest {
  @TempDir static Path dir;
  static TestSilo a;
  static TestSilo b;
  static HttpServer receiver;
  static final List<String> ids = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", ex -> {
      ids.add(ex.getRequestHeaders().getFirst("webhook-id"));
      ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    receiver.start();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Map<String, String> shared = Map.of(
        "SILO_MASTER_KEY", Base64.getEncoder().encodeToString(key),
        "SILO_WEBHOOK_ALLOW_PRIVATE", "true",
        "SILO_EVENTS_POLL_INTERVAL", "20ms");
    a = TestSilo.start(dir.resolve("a"), shared);
    b = TestSilo.start(dir.resolve("b"), shared);
  }

  @AfterAll
  static void stop() throws Exception {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
    receiver.stop(0);
  }

  @Test
  void aStreamOnOneNodeSeesAPutOnTheOther() throws Exception {
    Api onA = a.tenant("twin-events");
    try (EventStreamTest.Stream s = new EventStreamTest.Stream(b.url() + "/v1/events", onA.token(), null)) {
      onA.put("/v1/objects/from-a.txt", "a", "Content-Type", "text/plain");
      assertThat(s.next().data()).contains("\"key\":\"from-a.txt\"");
    }
  }

  @Test
  void positionsAndCursorsAreTheSameOnBothNodesAndResumeOnEither() throws Exception {
    Api onA = a.tenant("twin-positions");
    Api onB = b.as(onA.token());
    onA.put("/v1/objects/p1.txt", "1", "Content-Type", "text/plain");
    onB.put("/v1/objects/p2.txt", "2", "Content-Type", "text/plain");
    // an opaque position is made the same way by every node that shares the master key
    a.tenant("twin-noise").put("/v1/objects/n.txt", "n", "Content-Type", "text/plain");
    var pageOnA = onA.get("/v1/audit?limit=1").json();
    assertThat(onB.get("/v1/audit?limit=1").json()).isEqualTo(pageOnA);
    String cursor = pageOnA.path("next_cursor").asText();
    assertThat(onB.get("/v1/audit?limit=1&cursor=" + cursor).json()).isEqualTo(onA.get("/v1/audit?limit=1&cursor=" + cursor).json());
    // resuming a stream on the other node with the last event id seen on the first
    String lastId;
    try (EventStreamTest.Stream s = new EventStreamTest.Stream(a.url() + "/v1/events", onA.token(), null)) {
      onA.put("/v1/objects/p3.txt", "3", "Content-Type", "text/plain");
      lastId = s.next().id();
    }
    onA.put("/v1/objects/p4.txt", "4", "Content-Type", "text/plain");
    try (EventStreamTest.Stream s = new EventStreamTest.Stream(b.url() + "/v1/events", onA.token(), lastId)) {
      assertThat(s.next().data()).contains("\"key\":\"p4.txt\"");
    }
  }

  @Test
  void eachEventIsDeliveredOnceByOneOfTheNodes() throws Exception {
    Api onA = a.tenant("twin-hooks");
    Api onB = b.as(onA.token());
    onA.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/h\",\"events\":[\"object.created\"]}");
    for (int i = 0; i < 40; i++) {
      (i % 2 == 0 ? onA : onB).put("/v1/objects/f" + i + ".txt", "x", "Content-Type", "text/plain");
    }
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (ids.size() < 40 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(300);
    assertThat(ids).hasSize(40).doesNotHaveDuplicates();
  }
}
