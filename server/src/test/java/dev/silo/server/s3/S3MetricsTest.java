package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.TestSilo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Requests to the S3 endpoint are in {@code /metrics} too, labelled by operation, never by key. */
@ExtendWith(NoErrorLogs.class)
class S3MetricsTest {
  @TempDir Path dir;

  @Test
  void s3RequestsAreCountedByOperationWithTheirBytes() throws Exception {
    try (TestSilo silo = TestSilo.start(dir.resolve("silo"))) {
      S3Fixture.Credential cred = S3Fixture.tenant(silo, "s3-metrics", null, null);
      try (S3Client s3 = SdkClients.client(silo.s3Url(), cred.accessKeyId(), cred.secret())) {
        s3.putObject(b -> b.bucket("s3-metrics").key("secret/plan.txt"), RequestBody.fromString("x".repeat(1000)));
        s3.getObject(b -> b.bucket("s3-metrics").key("secret/plan.txt")).readAllBytes();
      }
      String scrape = silo.anonymous().get("/metrics").body();
      assertThat(scrape)
          .contains("route=\"s3:PutObject\"")
          .contains("route=\"s3:GetObject\"")
          .containsPattern("silo_http_received_bytes_total\\{[^}]*route=\"s3:PutObject\"[^}]*} 1[0-9]{3}")
          .doesNotContain("plan.txt");
    }
  }
}
