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
  /** One master key for both nodes, and for both tests, which share the class's database. */
  private static final Map<String, String> SHARED = Map.of("SILO_MASTER_KEY", masterKey());

  @TempDir Path dir;

  private static String masterKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  @Test
  void anUploadStartedOnOneNodeIsResumedOnTheOther() throws Exception {
    TusJsClient.assumeAvailable();
    Path file = dir.resolve("big.bin");
    String expected = TusJsClient.generate(file, TusJsClientTest.SIZE);
    try (TestSilo a = TestSilo.start(dir.resolve("a"), SHARED);
        TestSilo b = TestSilo.start(dir.resolve("b"), SHARED)) {
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

  /**
   * Parallel uploads across the two nodes: two partial uploads begun on A, the client cut off,
   * each resumed on B from its own offset, and the final upload made on B, which copies both
   * partial uploads' S3 objects, begun by A and finished by B, into the object inside the backend.
   */
  @Test
  void partialUploadsBegunOnOneNodeAreResumedAndJoinedOnTheOther() throws Exception {
    TusJsClient.assumeAvailable();
    long size = 48L * 1024 * 1024;
    Path file = dir.resolve("parallel.bin");
    String expected = TusJsClient.generate(file, size);
    try (TestSilo a = TestSilo.start(dir.resolve("pa"), SHARED);
        TestSilo b = TestSilo.start(dir.resolve("pb"), SHARED)) {
      Api t = a.tenant("tusjs-two-parallel");
      List<String> out =
          TusJsClient.upload(
              List.of(
                  "--endpoint", a.url() + "/v1/tus/",
                  "--resume-origin", b.url(),
                  "--key", t.token(),
                  "--file", file.toString(),
                  "--chunk-size", Long.toString(8L * 1024 * 1024),
                  "--parallel", "2",
                  "--abort-after", Long.toString(20L * 1024 * 1024),
                  "--object-key", "big/two-nodes-parallel.bin"),
              Duration.ofSeconds(150));
      assertThat(out).anyMatch(l -> l.contains("\"event\":\"resuming\"") && l.contains("\"partials\":2") && l.contains(b.url()));
      assertThat(out.getLast()).as("the final upload was made on B").contains("\"event\":\"done\"").contains(b.url() + "/v1/tus/");
      assertThat(TusJsClient.sha256Of(a.url() + "/v1/objects/big/two-nodes-parallel.bin", t.token())).isEqualTo(expected);
      var stored = a.s3View("tusjs-two-parallel");
      assertThat(stored.unfinished()).isEmpty();
      assertThat(stored.objects()).as("the object alone").hasSize(1);
      assertThat(stored.objects().getFirst().eTag()).as("the two partial uploads' objects, copied in as parts").endsWith("-2\"");
    }
  }
}
