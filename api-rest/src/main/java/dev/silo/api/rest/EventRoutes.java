package dev.silo.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.events.EventFeed;
import dev.silo.core.events.OutboxEntry;
import dev.silo.core.events.OutboxSignal;
import dev.silo.http.Exchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * {@code GET /v1/events}: the tenant's events as server-sent events, read from the outbox. Each
 * event's SSE id is its event id; a client that reconnects with {@code Last-Event-ID} resumes
 * right after it, so it misses nothing and sees nothing twice. {@code ?prefix=} keeps object
 * events whose key starts with it.
 */
final class EventRoutes {
  /** A comment this often finds out that a quiet client went away (only a write can tell). */
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventFeed feed;
  private final OutboxSignal signal;
  private final Duration poll;

  EventRoutes(EventFeed feed, OutboxSignal signal, Duration poll) {
    this.feed = feed;
    this.signal = signal;
    this.poll = poll;
  }

  void stream(Exchange ex) throws IOException, InterruptedException {
    RequestContext ctx = ex.context();
    String prefix = ex.query("prefix").orElse(null);
    String lastId = ex.header("Last-Event-ID").or(() -> ex.query("last_event_id")).orElse(null);
    long position = feed.start(ctx, lastId);
    ex.header("Cache-Control", "no-store");
    ex.header("X-Accel-Buffering", "no");
    try (OutputStream out = ex.openStream(200, "text/event-stream; charset=utf-8")) {
      out.write(("retry: 1000\n: position " + feed.position(ctx, position) + "\n\n").getBytes(StandardCharsets.UTF_8));
      long lastWrite = System.nanoTime();
      while (ex.isOpen()) {
        long generation = signal.generation();
        List<OutboxEntry> batch;
        try {
          batch = feed.after(ctx, position, 100);
        } catch (RuntimeException e) {
          if (!ex.isOpen()) {
            return; // the server is stopping
          }
          throw e;
        }
        StringBuilder chunk = new StringBuilder();
        for (OutboxEntry e : batch) {
          position = e.seq();
          if (matches(prefix, e)) {
            chunk.append("id: ").append(e.id()).append('\n')
                .append("event: ").append(e.type()).append('\n')
                .append("data: ").append(e.payload()).append("\n\n");
          }
        }
        if (!chunk.isEmpty()) {
          out.write(chunk.toString().getBytes(StandardCharsets.UTF_8));
          lastWrite = System.nanoTime();
        } else if (System.nanoTime() - lastWrite > KEEP_ALIVE.toNanos()) {
          out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
          lastWrite = System.nanoTime();
        }
        if (batch.size() < 100) {
          signal.awaitChange(generation, poll); // a write on this node wakes it at once
        }
      }
    }
  }

  private static boolean matches(String prefix, OutboxEntry e) {
    if (prefix == null || prefix.isEmpty()) {
      return true;
    }
    try {
      JsonNode key = JSON.readTree(e.payload()).get("key");
      return key != null && key.isTextual() && key.asText().startsWith(prefix);
    } catch (IOException bad) {
      return false;
    }
  }
}
