package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/events}: a real SSE client sees changes, resumes exactly, sees only its tenant's. */
public class EventStreamTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir static Path dir;
  static TestSilo silo;

  public record Sse(String id, String type, String data) {}

  /** An open stream; events arrive on {@link #events}. */
  public static final class Stream implements AutoCloseable {
    final BlockingQueue<Sse> events = new LinkedBlockingQueue<>();
    final Thread reader;
    volatile java.io.InputStream body;

    public Stream(String url, String token, String lastEventId) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
          .header("Accept", "text/event-stream");
      if (lastEventId != null) {
        b.header("Last-Event-ID", lastEventId);
      }
      HttpResponse<java.io.InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
      body = r.body();
      BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
      // the first comment says the stream is positioned: changes after it are seen
      while (!lines.readLine().isEmpty()) {}
      reader = Thread.ofVirtual().start(() -> {
        try {
          String id = null, type = null, data = null, line;
          while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
              if (id != null) {
                events.add(new Sse(id, type, data));
              }
              id = type = data = null;
            } else if (line.startsWith("id: ")) {
              id = line.substring(4);
            } else if (line.startsWith("event: ")) {
              type = line.substring(7);
            } else if (line.startsWith("data: ")) {
              data = line.substring(6);
            }
          }
        } catch (Exception closed) {
          // the test closed the stream
        }
      });
    }

    public Sse next() throws InterruptedException {
      Sse e = events.poll(5, TimeUnit.SECONDS);
      assertThat(e).as("an event within 5 s").isNotNull();
      return e;
    }

    @Override
    public void close() throws Exception {
      body.close();
      reader.interrupt();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("data"), Map.of("SILO_EVENTS_POLL_INTERVAL", "50ms"));
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  @Test
  void aClientSeesAPutAndResumesWithoutGapsOrRepeats() throws Exception {
    Api a = silo.tenant("sse-alpha");
    String lastId;
    try (Stream s = new Stream(silo.url() + "/v1/events", a.token(), null)) {
      long start = System.nanoTime();
      a.put("/v1/objects/notes/one.md", "1", "Content-Type", "text/markdown");
      Sse e = s.next();
      assertThat((System.nanoTime() - start) / 1_000_000).as("ms from PUT to event").isLessThan(1000);
      assertThat(e.type()).isEqualTo("object.created");
      assertThat(e.data()).contains("\"key\":\"notes/one.md\"").contains("\"id\":\"" + e.id() + "\"");
      lastId = e.id();
    }
    a.put("/v1/objects/notes/two.md", "2", "Content-Type", "text/markdown");
    a.put("/v1/objects/notes/two.md", "2b", "Content-Type", "text/markdown");
    a.delete("/v1/objects/notes/one.md");
    try (Stream s = new Stream(silo.url() + "/v1/events", a.token(), lastId)) {
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Sse e = s.next();
        seen.add(e.type() + " " + e.data().replaceAll(".*\"key\":\"([^\"]*)\".*", "$1"));
      }
      assertThat(seen).containsExactly("object.created notes/two.md", "object.updated notes/two.md", "object.deleted notes/one.md");
      assertThat(s.events.poll(300, TimeUnit.MILLISECONDS)).as("nothing repeated").isNull();
    }
  }

  @Test
  void aTenantSeesNoneOfAnothersEventsAndPrefixFilters() throws Exception {
    Api b = silo.tenant("sse-bravo");
    Api c = silo.tenant("sse-charlie");
    try (Stream sb = new Stream(silo.url() + "/v1/events", b.token(), null);
        Stream prefixed = new Stream(silo.url() + "/v1/events?prefix=docs/", c.token(), null)) {
      c.put("/v1/objects/c-secret.txt", "c", "Content-Type", "text/plain");
      c.put("/v1/objects/docs/c.txt", "c", "Content-Type", "text/plain");
      b.put("/v1/objects/b.txt", "b", "Content-Type", "text/plain");
      Sse first = sb.next();
      assertThat(first.data()).contains("\"key\":\"b.txt\"").doesNotContain("c-secret");
      assertThat(prefixed.next().data()).contains("\"key\":\"docs/c.txt\"");
      assertThat(sb.events.poll(300, TimeUnit.MILLISECONDS)).isNull();
      assertThat(prefixed.events.poll(100, TimeUnit.MILLISECONDS)).isNull();
    }
    // an unknown event id replays the tenant's whole outbox: its own events only
    try (Stream s = new Stream(silo.url() + "/v1/events", b.token(), "evt_not_mine")) {
      assertThat(s.next().type()).isEqualTo("credential.created");
      assertThat(s.next().data()).contains("\"key\":\"b.txt\"");
      assertThat(s.events.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }
  }
}
