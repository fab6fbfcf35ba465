package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of bad credentials writes a bounded number of audit rows ({@code
 * SILO_AUDIT_FAILED_AUTH_PER_MINUTE} per source and minute), and every one of them is still a 401.
 */
class FailedAuthAuditTest {
  @TempDir Path dir;

  @Test
  void aFloodOfBadCredentialsIsAuditedWithinTheBudget() throws Exception {
    try (TestSilo silo = TestSilo.start(dir.resolve("data"), Map.of("SILO_AUDIT_FAILED_AUTH_PER_MINUTE", "4"))) {
      for (int i = 0; i < 40; i++) {
        assertThat(silo.as("flood_sk_" + "x".repeat(43)).get("/v1/tenant").status()).isEqualTo(401);
      }
      Api.Resp audit = silo.operator().get("/v1/audit?action=auth.failed&limit=1000");
      assertThat(audit.status()).isEqualTo(200);
      assertThat(audit.json().path("items").findValuesAsText("target"))
          .as("4 rows for 40 failures from one address (a minute boundary may grant 4 more)")
          .hasSizeBetween(4, 8)
          .containsOnly("api-key:flood");
    }
  }

  @Test
  void theBudgetIsASettingWithCheckedValues() throws Exception {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TestSilo.start(dir.resolve("bad"), Map.of("SILO_AUDIT_FAILED_AUTH_PER_MINUTE", "0")))
        .hasStackTraceContaining("SILO_AUDIT_FAILED_AUTH_PER_MINUTE");
  }
}
