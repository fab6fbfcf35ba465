package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that fails half way must not keep the data directory locked or the stores open. */
class FailedStartTest {
  @TempDir Path dir;

  @Test
  void aFailedStartReleasesTheDataDirectory() throws Exception {
    Path data = dir.resolve("data");
    Path bad = dir.resolve("tenants.json");
    Files.writeString(bad, "{\"tenants\":[{\"slug\":\"-bad-\"}]}");
    assertThatThrownBy(() -> TestSilo.start(data, Map.of("SILO_TENANTS_FILE", bad.toString())))
        .hasMessageContaining("tenants[0].slug");
    try (TestSilo silo = TestSilo.start(data)) {
      assertThat(silo.anonymous().get("/healthz").status()).isEqualTo(200);
    }
  }
}
