package dev.silo.server.it;

import static dev.silo.server.it.Checks.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks against real receivers: Standard Webhooks signatures, retries of a failing receiver
 * with the same event id, dead letters and re-drive, a hanging receiver that slows nothing, and
 * isolation between tenants.
 */
class WebhookDeliveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static TestSilo silo;
  static HttpServer receiver;
  static String base;
  static final List<Received> received = new CopyOnWriteArrayList<>();
  static final Map<String, AtomicInteger> failFirst = new ConcurrentHashMap<>();
  static CountDownLatch release;

  record Received(String path, String id, String timestamp, String signature, String body) {}

  @BeforeAll
  static void start() throws Exception {
    // static state is per run: a subclass runs the same tests on another backend in this JVM
    received.clear();
    failFirst.clear();
    release = new CountDownLatch(1);
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    receiver.createContext("/", WebhookDeliveryTest::receive);
    receiver.start();
    base = "http://127.0.0.1:" + receiver.getAddress().getPort();
    silo =
        TestSilo.start(
            dir.resolve("data"),
            Map.of(
                "SILO_WEBHOOK_ALLOW_PRIVATE", "true",
                "SILO_WEBHOOK_RETRY_INITIAL", "200ms",
                "SILO_WEBHOOK_RETRY_PERIOD", "3s",
                "SILO_WEBHOOK_TIMEOUT", "30s",
                "SILO_EVENTS_POLL_INTERVAL", "50ms"));
  }

  @AfterAll
  static void stop() throws Exception {
    release.countDown();
    silo.close();
    receiver.stop(0);
  }

  private static void receive(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    byte[] body = ex.getRequestBody().readAllBytes();
    var h = ex.getRequestHeaders();
    received.add(new Received(path, h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"), h.getFirst("webhook-signature"),
        new String(body, StandardCharsets.UTF_8)));
    int status = 200;
    if (path.startsWith("/hang")) {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else if (path.startsWith("/always-500")) {
      status = 500;
    } else if (path.startsWith("/flaky")) {
      AtomicInteger left = failFirst.computeIfAbsent(h.getFirst("webhook-id"), k -> new AtomicInteger(2));
      if (left.getAndDecrement() > 0) {
        status = 500;
      }
    }
    ex.sendResponseHeaders(status, -1);
    ex.close();
  }

  @Test
  void signedDeliveriesAreRetriedWithTheSameEventIdUntilAccepted() throws Exception {
    Api a = silo.tenant("hook-alpha");
    Api.Resp created = a.post("/v1/webhooks", "{\"url\":\"" + base + "/flaky/a\",\"events\":[\"object.created\"]}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String secret = created.json().path("secret").asText();
    assertThat(secret).startsWith("whsec_");
    assertThat(a.get("/v1/webhooks").body()).doesNotContain(secret);

    assertThat(a.put("/v1/objects/report.csv", "a,b\n1,2\n", "Content-Type", "text/csv").status()).isEqualTo(201);
    a.delete("/v1/objects/report.csv"); // object.deleted is not subscribed

    List<Received> attempts = await(r -> r.path().equals("/flaky/a"), 3);
    assertThat(attempts).extracting(Received::id).containsOnly(attempts.get(0).id());
    for (Received r : attempts) {
      assertThat(r.signature()).isEqualTo(sign(secret, r.id(), r.timestamp(), r.body()));
    }
    JsonNode event = JSON.readTree(attempts.get(0).body());
    assertThat(event.path("type").asText()).isEqualTo("object.created");
    assertThat(event.path("key").asText()).isEqualTo("report.csv");
    assertThat(event.path("id").asText()).isEqualTo(attempts.get(0).id());
    Thread.sleep(500);
    assertThat(received.stream().filter(r -> r.path().equals("/flaky/a")).count()).isEqualTo(3);
    String hookId = created.json().path("id").asText();
    awaitDelivery(a, hookId, "delivered");
  }

  /**
   * A filtered webhook (S3's notification filters: bucket, key prefix, key suffix) is delivered
   * the events of the objects it names only, over S3 as over REST; bad filters are refused.
   */
  @Test
  void aFilteredWebhookGetsOnlyItsObjectsEvents() throws Exception {
    Api f = silo.tenant("hook-filter", "{\"max_buckets\":2}");
    assertThat(f.post("/v1/buckets", "{\"name\":\"photos\"}").status()).isEqualTo(201);
    Api.Resp created = f.post("/v1/webhooks", "{\"url\":\"" + base + "/ok/filtered\",\"events\":[\"object.created\"],"
        + "\"filter\":{\"bucket\":\"photos\",\"prefix\":\"uploads/\",\"suffix\":\".jpg\"}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().path("filter").toString()).isEqualTo("{\"bucket\":\"photos\",\"prefix\":\"uploads/\",\"suffix\":\".jpg\"}");
    assertThat(f.get("/v1/webhooks").json().path("items").get(0).path("filter").path("bucket").asText()).isEqualTo("photos");

    f.put("/v1/objects/uploads/a.jpg", "x", "Content-Type", "image/jpeg"); // the default bucket: not photos
    f.put("/v1/objects/uploads/b.png?bucket=photos", "x", "Content-Type", "image/png");
    f.put("/v1/objects/other/c.jpg?bucket=photos", "x", "Content-Type", "image/jpeg");
    f.put("/v1/objects/uploads/d.jpg?bucket=photos", "x", "Content-Type", "image/jpeg");
    // deliveries are queued with their events, so the four uploads' are all there by now
    assertThat(f.get("/v1/webhooks/" + created.json().path("id").asText() + "/deliveries").json().path("items"))
        .as("the other three passed by").hasSize(1);
    List<Received> got = await(r -> r.path().equals("/ok/filtered"), 1);
    assertThat(JSON.readTree(got.get(0).body()).path("key").asText()).isEqualTo("uploads/d.jpg");

    assertError(f.post("/v1/webhooks", "{\"url\":\"" + base + "/ok/x\",\"filter\":{\"bucket\":\"Not_A_Bucket\"}}"), 400,
        "invalid_bucket_name");
    assertError(f.post("/v1/webhooks", "{\"url\":\"" + base + "/ok/x\",\"filter\":{\"prefix\":\"" + "k".repeat(1025) + "\"}}"), 400,
        "invalid_filter");
    assertError(f.post("/v1/webhooks", "{\"url\":\"" + base + "/ok/x\",\"filter\":{\"colour\":\"red\"}}"), 400, null);
  }

  @Test
  void afterTheRetryPeriodADeliveryIsDeadAndCanBeRedriven() throws Exception {
    Api b = silo.tenant("hook-bravo");
    String hookId = b.post("/v1/webhooks", "{\"url\":\"" + base + "/always-500/b\"}").json().path("id").asText();
    b.put("/v1/objects/x.txt", "x", "Content-Type", "text/plain");
    JsonNode dead = awaitDelivery(b, hookId, "dead");
    assertThat(dead.path("attempts").asInt()).isGreaterThan(1);
    assertThat(dead.path("last_error").asText()).isEqualTo("HTTP 500");
    Api.Resp redriven = b.post("/v1/webhooks/" + hookId + "/deliveries/" + dead.path("id").asText() + "/redrive", "");
    assertThat(redriven.status()).isEqualTo(202);
    int before = (int) received.stream().filter(r -> r.path().equals("/always-500/b")).count();
    await(r -> r.path().equals("/always-500/b"), before + 1);
    // a delivery that is not dead cannot be re-driven
    assertError(b.post("/v1/webhooks/" + hookId + "/deliveries/999999/redrive", ""), 404, "delivery_not_found");
  }

  @Test
  void aHangingReceiverSlowsNoUploadAndNoOtherTenant() throws Exception {
    Api c = silo.tenant("hook-charlie");
    Api d = silo.tenant("hook-delta");
    c.post("/v1/webhooks", "{\"url\":\"" + base + "/hang/c\"}");
    d.post("/v1/webhooks", "{\"url\":\"" + base + "/ok/d\"}");
    long start = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      assertThat(c.put("/v1/objects/f" + i + ".txt", "x", "Content-Type", "text/plain").status()).isEqualTo(201);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(millis).as("20 uploads with a hanging receiver").isLessThan(5_000);
    d.put("/v1/objects/y.txt", "y", "Content-Type", "text/plain");
    await(r -> r.path().equals("/ok/d"), 1);
  }

  @Test
  void webhooksAreTheTenantsOwnAndUrlsAreChecked() {
    Api e = silo.tenant("hook-echo");
    Api f = silo.tenant("hook-foxtrot");
    String id = e.post("/v1/webhooks", "{\"url\":\"" + base + "/ok/e\"}").json().path("id").asText();
    assertError(f.get("/v1/webhooks/" + id), 404, "webhook_not_found");
    assertError(f.delete("/v1/webhooks/" + id), 404, "webhook_not_found");
    assertError(f.get("/v1/webhooks/" + id + "/deliveries"), 404, "webhook_not_found");
    assertThat(f.get("/v1/webhooks").json().path("items").size()).isZero();
    assertError(e.post("/v1/webhooks", "{\"url\":\"ftp://x/y\"}"), 400, "invalid_url");
    assertError(e.post("/v1/webhooks", "{\"url\":\"" + base + "\",\"events\":[\"nope\"]}"), 400, "invalid_event_type");
    // the operator manages a tenant's webhooks too
    assertThat(silo.operator().get("/v1/tenants/hook-echo/webhooks").json().path("items").size()).isEqualTo(1);
    assertThat(silo.operator().delete("/v1/tenants/hook-echo/webhooks/" + id).status()).isEqualTo(204);
    assertThat(e.get("/v1/webhooks").json().path("items").size()).isZero();
  }

  private static JsonNode awaitDelivery(Api api, String hookId, String status) throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonNode items = api.get("/v1/webhooks/" + hookId + "/deliveries?status=" + status).json().path("items");
      if (items.size() > 0) {
        return items.get(0);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no " + status + " delivery for " + hookId);
  }

  private static List<Received> await(java.util.function.Predicate<Received> which, int n) throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (System.nanoTime() < deadline) {
      List<Received> got = received.stream().filter(which).toList();
      if (got.size() >= n) {
        return got;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("fewer than " + n + " deliveries: " + received);
  }

  /** The receiver's side of Standard Webhooks. */
  static String sign(String secret, String id, String timestamp, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
  }
}
