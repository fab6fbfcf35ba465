package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SILO_AUDIT_RETENTION}: the sweeper removes records older than the retention and keeps
 * the younger ones; unset, records are kept.
 */
class AuditRetentionTest {
  @TempDir Path dir;

  private static List<String> requestIds(Api operator) {
    Api.Resp r = operator.get("/v1/audit?limit=1000");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    for (JsonNode item : r.json().get("items")) {
      ids.add(item.get("action").asText() + " " + item.get("target").asText());
    }
    return ids;
  }

  @Test
  void recordsOlderThanTheRetentionAreSweptYoungerOnesStay() throws Exception {
    try (TestSilo silo =
        TestSilo.start(dir.resolve("short"), Map.of("SILO_AUDIT_RETENTION", "2s", "SILO_SWEEP_INTERVAL", "1s"))) {
      Api operator = silo.operator();
      Api tenant = silo.tenant("old", null);
      assertThat(tenant.put("/v1/objects/early.txt", "x", "Content-Type", "text/plain").status()).isBetween(200, 201);
      assertThat(requestIds(operator)).anyMatch(s -> s.contains("early"));

      long deadline = System.currentTimeMillis() + 15_000;
      while (requestIds(operator).stream().anyMatch(s -> s.contains("early")) && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      assertThat(requestIds(operator)).noneMatch(s -> s.contains("early"));

      assertThat(tenant.put("/v1/objects/late.txt", "x", "Content-Type", "text/plain").status()).isBetween(200, 201);
      assertThat(requestIds(operator)).anyMatch(s -> s.contains("late"));
    }
  }

  @Test
  void withoutARetentionRecordsAreKept() throws Exception {
    try (TestSilo silo = TestSilo.start(dir.resolve("forever"), Map.of("SILO_SWEEP_INTERVAL", "1s"))) {
      Api operator = silo.operator();
      Api tenant = silo.tenant("keep", null);
      assertThat(tenant.put("/v1/objects/kept.txt", "x", "Content-Type", "text/plain").status()).isBetween(200, 201);
      Thread.sleep(3_500);
      assertThat(requestIds(operator)).anyMatch(s -> s.contains("kept"));
    }
  }
}
