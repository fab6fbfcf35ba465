package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lifecycle over HTTP: a {@code tmp} upload disappears after {@code SILO_TMP_TTL}; a raw one stays. */
class TmpExpiryTest {
  @TempDir Path dir;

  @Test
  void aTmpUploadExpiresAfterItsTtlWhileARawOneStaysAndUsageDrops() throws Exception {
    try (TestSilo silo = TestSilo.start(dir.resolve("data"), Map.of("SILO_TMP_TTL", "2s", "SILO_SWEEP_INTERVAL", "1s"))) {
      Api t = silo.tenant("lifecycle-tmp");
      Api.Resp init =
          t.post("/v1/uploads", "{\"filename\":\"scratch.txt\",\"content_type\":\"text/plain\",\"size\":7,\"category\":\"tmp\"}");
      assertThat(init.status()).isEqualTo(201);
      JsonNode ticket = init.json();
      String key = ticket.path("key").asText();
      assertThat(key).startsWith("tmp/");
      assertThat(silo.anonymous().put(ticket.path("upload_url").asText(), "scratch", "Content-Type", "text/plain").status())
          .isEqualTo(200);
      assertThat(t.post("/v1/uploads/" + ticket.path("object_id").asText() + "/complete", "").status()).isEqualTo(200);
      assertThat(t.put("/v1/objects/raw/keep.txt", "keeper!!", "Content-Type", "text/plain").status()).isIn(200, 201);
      assertThat(t.get("/v1/objects/" + key).status()).isEqualTo(200);
      assertThat(t.get("/v1/tenant").json().at("/usage/objects").asLong()).isEqualTo(2);

      long deadline = System.nanoTime() + 15_000_000_000L;
      while (t.get("/v1/objects/" + key).status() != 404 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(t.get("/v1/objects/" + key).status()).isEqualTo(404);
      assertThat(t.get("/v1/objects/raw/keep.txt").body()).isEqualTo("keeper!!");
      JsonNode usage = t.get("/v1/tenant").json().path("usage");
      assertThat(usage.path("objects").asLong()).isEqualTo(1);
      assertThat(usage.path("bytes").asLong()).isEqualTo(8);
      assertThat(t.get("/v1/audit").body()).contains("system:lifecycle").contains("object.deleted");
      assertThat(silo.anonymous().get("/metrics").body()).containsPattern("silo_sweep_removed_total\\{kind=\"tmp_object\"[^}]*\\} 1\\.0");
    }
  }
}
