package dev.silo.server.tus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.Api;
import dev.silo.server.it.OnPostgres;
import dev.silo.server.it.OnS3;
import dev.silo.server.it.TestSilo;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tus-js-client acceptance test across two Silo nodes in production shape (one PostgreSQL
 * schema, one S3 backend): the first half goes to node A, the connection is cut, and the client
 * resumes on node B, which finds the upload's state in the shared metadata and continues the S3
 * multipart upload that node A began (A uploaded the first parts, B the rest and completed it). Skipped without {@code SILO_TEST_DATABASE_URL}.
 */
@ExtendWith(OnPostgres.class)
@ExtendWith(OnS3.BucketPerTenant.class)
class TusJsClientTwoNodesTest {
  @TempDir Path dir;

  @Test
  void anUploadStartedOnOneNodeIsResumedOnTheOther() throws Exception {
    TusJsClient.assumeAvailable();
    Path file = dir.resolve("big.bin");
    String expected = TusJsClient.generate(file, TusJsClientTest.SIZE);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Map<String, String> shared = Map.of("SILO_MASTER_KEY", Base64.getEncoder().encodeToString(key));
    try (TestSilo a = TestSilo.start(dir.resolve("a"), shared);
        TestSilo b = TestSilo.start(dir.resolve("b"), shared)) {
      Api t = a.tenant("tusjs-two");
      List<String> out =
          TusJsClient.upload(
              List.of(
                  "--endpoint", a.url() + "/v1/tus/",
                  "--resume-origin", b.url(),
                  "--key", t.token(),
                  "--file", file.toString(),
                  "--chunk-size", Long.toString(8L * 1024 * 1024),
                  "--abort-after", Long.toString(80L * 1024 * 1024),
                  "--object-key", "big/two-nodes.bin"),
              Duration.ofSeconds(150));
      TusJsClientTest.assertResumedMidway(out);
      assertThat(out).anyMatch(l -> l.contains("\"event\":\"resuming\"") && l.contains(b.url()));
      assertThat(out.getLast()).as("the second half was sent to B").contains(b.url() + "/v1/tus/");
      assertThat(TusJsClient.sha256Of(a.url() + "/v1/objects/big/two-nodes.bin", t.token())).isEqualTo(expected);
      assertThat(TusJsClient.sha256Of(b.url() + "/v1/objects/big/two-nodes.bin", t.token())).isEqualTo(expected);
      var stored = a.s3View("tusjs-two");
      assertThat(stored.unfinished()).isEmpty();
      assertThat(stored.objects()).hasSize(1);
      long parts = (TusJsClientTest.SIZE + 8L * 1024 * 1024 - 1) / (8L * 1024 * 1024);
      assertThat(stored.objects().getFirst().eTag()).as("one object of %d multipart parts", parts).endsWith("-" + parts + "\"");
    }
  }
}
