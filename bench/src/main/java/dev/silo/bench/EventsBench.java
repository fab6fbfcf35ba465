package dev.silo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end event latency against a running Silo (started with {@code
 * SILO_WEBHOOK_ALLOW_PRIVATE=true}, since the receiver listens on loopback): from a PUT's
 * acknowledgement to its event on an SSE stream and at a webhook receiver, median and p99 over
 * {@code --events} PUTs; then PUT ops/s with 8 clients, with and without a webhook.
 *
 * <pre>java -cp bench/target/silo-bench.jar dev.silo.bench.EventsBench --url http://127.0.0.1:8080 --token $(cat data/admin.token)</pre>
 */
public final class EventsBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

  private EventsBench() {}

  public static void main(String[] args) throws Exception {
    String url = "http://127.0.0.1:8080";
    String token = null;
    int events = 1000;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--url" -> url = args[i + 1];
        case "--token" -> token = args[i + 1];
        case "--events" -> events = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (token == null) {
      throw new IllegalArgumentException("--token (the operator token) is required");
    }
    String slug = "bench-events-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    send(url, "POST", "/v1/tenants", token, "{\"slug\":\"" + slug + "\"}");
    String key = JSON.readTree(send(url, "POST", "/v1/tenants/" + slug + "/keys", token, "{\"name\":\"bench\"}")).path("key").asText();

    Map<String, Long> webhookAt = new ConcurrentHashMap<>();
    Map<String, Long> sseAt = new ConcurrentHashMap<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    receiver.createContext("/", ex -> {
      long now = System.nanoTime();
      JsonNode event = JSON.readTree(ex.getRequestBody().readAllBytes());
      webhookAt.putIfAbsent(event.path("key").asText(), now);
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    receiver.start();
    String hook = JSON.readTree(send(url, "POST", "/v1/webhooks", key,
        "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/\",\"events\":[\"object.created\"]}")).path("id").asText();

    HttpResponse<java.io.InputStream> stream = HTTP.send(
        HttpRequest.newBuilder(URI.create(url + "/v1/events")).header("Authorization", "Bearer " + key).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    while (!lines.readLine().isEmpty()) {}
    Thread.ofVirtual().start(() -> {
      try {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.startsWith("data: ")) {
            long now = System.nanoTime();
            sseAt.putIfAbsent(JSON.readTree(line.substring(6)).path("key").asText(), now);
          }
        }
      } catch (Exception ignored) {
        // closed at the end
      }
    });

    Map<String, Long> ackAt = new ConcurrentHashMap<>();
    for (int i = 0; i < events; i++) {
      String k = "lat/" + i;
      put(url, key, k);
      ackAt.put(k, System.nanoTime());
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while ((sseAt.size() < events || webhookAt.size() < events) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    System.out.printf("PUT acknowledged -> SSE event:      %s%n", summary(ackAt, sseAt));
    System.out.printf("PUT acknowledged -> webhook received: %s%n", summary(ackAt, webhookAt));
    stream.body().close();

    System.out.printf("PUT ops/s, 8 clients, with a webhook:    %.0f%n", throughput(url, key, "with", Duration.ofSeconds(5)));
    send(url, "DELETE", "/v1/webhooks/" + hook, key, null);
    System.out.printf("PUT ops/s, 8 clients, without webhooks:  %.0f%n", throughput(url, key, "without", Duration.ofSeconds(5)));
    receiver.stop(0);
    send(url, "DELETE", "/v1/tenants/" + slug, token, null);
  }

  private static double throughput(String url, String key, String run, Duration length) throws Exception {
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + length.toNanos();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 8; c++) {
      int client = c;
      clients.add(Thread.ofVirtual().start(() -> {
        int i = 0;
        while (System.nanoTime() < end) {
          try {
            put(url, key, "ops/" + run + "/" + client + "/" + i++);
            done.incrementAndGet();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      }));
    }
    for (Thread t : clients) {
      t.join();
    }
    return done.get() / (length.toNanos() / 1e9);
  }

  private static String summary(Map<String, Long> ack, Map<String, Long> seen) {
    List<Double> ms = new ArrayList<>();
    for (var e : ack.entrySet()) {
      Long at = seen.get(e.getKey());
      if (at != null) {
        ms.add(Math.max(0, at - e.getValue()) / 1e6);
      }
    }
    Collections.sort(ms);
    if (ms.isEmpty()) {
      return "no events seen";
    }
    return String.format("n=%d median %.1f ms, p99 %.1f ms, max %.1f ms (missing %d)",
        ms.size(), ms.get(ms.size() / 2), ms.get((int) Math.min(ms.size() - 1, Math.ceil(ms.size() * 0.99) - 1)),
        ms.get(ms.size() - 1), ack.size() - ms.size());
  }

  private static void put(String url, String key, String objectKey) throws Exception {
    HttpResponse<String> r = HTTP.send(
        HttpRequest.newBuilder(URI.create(url + "/v1/objects/" + objectKey)).header("Authorization", "Bearer " + key)
            .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201 && r.statusCode() != 200) {
      throw new IllegalStateException("PUT " + objectKey + ": " + r.statusCode() + " " + r.body());
    }
  }

  private static String send(String url, String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }
}
