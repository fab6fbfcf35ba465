package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one PostgreSQL database that poll the outbox only every 30 s: an event stream on
 * one node still sees a PUT on the other at once, since the writing transaction NOTIFYs and every
 * node LISTENs.
 */
@ExtendWith(OnPostgres.class)
class OutboxNoticesOnPostgresTest {
  @TempDir Path dir;

  @Test
  void aStreamOnOneNodeSeesAPutOnTheOtherWithoutWaitingForAPoll() throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Map<String, String> shared = Map.of(
        "SILO_MASTER_KEY", Base64.getEncoder().encodeToString(key),
        "SILO_EVENTS_POLL_INTERVAL", "30s");
    try (TestSilo a = TestSilo.start(dir.resolve("a"), shared);
        TestSilo b = TestSilo.start(dir.resolve("b"), shared)) {
      Api onA = a.tenant("noticed");
      try (EventStreamTest.Stream s = new EventStreamTest.Stream(b.url() + "/v1/events", onA.token(), null)) {
        Thread.sleep(500); // the stream has read the outbox once and now waits for a change
        assertThat(onA.put("/v1/objects/noticed.txt", "a", "Content-Type", "text/plain").status()).isBetween(200, 201);
        // next() waits at most 5 s: a stream that only polled would see it in up to 30 s
        assertThat(s.next().data()).contains("\"key\":\"noticed.txt\"");
      }
    }
  }
}
