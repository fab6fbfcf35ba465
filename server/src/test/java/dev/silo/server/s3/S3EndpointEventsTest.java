package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.EventStreamTest;
import dev.silo.server.it.TestSilo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A write through the S3 endpoint wakes the tenant's event streams at once on SQLite too: the
 * store tells its listeners after each commit that wrote events, whatever the protocol was, so
 * streams that poll only every 30 s still see it immediately.
 */
@ExtendWith(NoErrorLogs.class)
class S3EndpointEventsTest {
  @TempDir Path dir;

  @Test
  void aStreamSeesAPutThroughTheS3EndpointWithoutWaitingForAPoll() throws Exception {
    try (TestSilo silo = TestSilo.start(dir.resolve("silo"), Map.of("SILO_EVENTS_POLL_INTERVAL", "30s"))) {
      S3Fixture.Credential cred = S3Fixture.tenant(silo, "s3-events", null, null);
      try (S3Client s3 = SdkClients.client(silo.s3Url(), cred.accessKeyId(), cred.secret());
          EventStreamTest.Stream stream = new EventStreamTest.Stream(silo.url() + "/v1/events", cred.api().token(), null)) {
        Thread.sleep(500); // the stream has read the outbox once and now waits for a change
        s3.putObject(b -> b.bucket("s3-events").key("via-s3.txt").contentType("text/plain"), RequestBody.fromString("s3"));
        // next() waits at most 5 s: a stream that only polled would see it in up to 30 s
        assertThat(stream.next().data()).contains("\"key\":\"via-s3.txt\"");
      }
    }
  }
}
