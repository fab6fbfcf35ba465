package dev.silo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator's plain HTTP/1.1 client against the JDK's HTTP server: framing and reuse. */
class PlainHttpConnectionTest {
  private HttpServer server;
  private URI endpoint;
  private final Set<Object> connections = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", ex -> {
      connections.add(ex.getRemoteAddress());
      byte[] in = ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().getPath();
      byte[] out = (ex.getRequestMethod() + " " + path + " " + in.length + " "
          + ex.getRequestHeaders().getFirst("x-test")).getBytes(StandardCharsets.UTF_8);
      if (path.startsWith("/close")) {
        ex.getResponseHeaders().set("Connection", "close");
      }
      if (path.startsWith("/chunked")) {
        ex.sendResponseHeaders(201, 0); // no length: chunked
      } else {
        ex.sendResponseHeaders(path.startsWith("/empty") ? 204 : 200, path.startsWith("/empty") ? -1 : out.length);
      }
      if (!path.startsWith("/empty")) {
        ex.getResponseBody().write(out);
      }
      ex.close();
    });
    server.start();
    endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void readsLengthChunkedAndEmptyBodiesOnOneKeptConnection() throws Exception {
    try (PlainHttpConnection c = new PlainHttpConnection(endpoint)) {
      var put = c.exchange("PUT", "/a/b%20c", Map.of("x-test", "1"), "hello".getBytes(StandardCharsets.UTF_8));
      assertThat(put.status()).isEqualTo(200);
      assertThat(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo("PUT /a/b c 5 1");
      var chunked = c.exchange("GET", "/chunked", Map.of("x-test", "2"), null);
      assertThat(chunked.status()).isEqualTo(201);
      assertThat(new String(chunked.body(), StandardCharsets.UTF_8)).isEqualTo("GET /chunked 0 2");
      var empty = c.exchange("DELETE", "/empty", Map.of("x-test", "3"), null);
      assertThat(empty.status()).isEqualTo(204);
      assertThat(empty.body()).isEmpty();
      assertThat(c.exchange("GET", "/again", Map.of("x-test", "4"), null).status()).isEqualTo(200);
    }
    assertThat(connections).hasSize(1);
  }

  @Test
  void opensAgainAfterTheServerClosed() throws Exception {
    try (PlainHttpConnection c = new PlainHttpConnection(endpoint)) {
      assertThat(new String(c.exchange("GET", "/close", Map.of("x-test", "a"), null).body(), StandardCharsets.UTF_8))
          .isEqualTo("GET /close 0 a");
      assertThat(new String(c.exchange("GET", "/next", Map.of("x-test", "b"), null).body(), StandardCharsets.UTF_8))
          .isEqualTo("GET /next 0 b");
    }
    assertThat(connections).hasSize(2);
  }
}
