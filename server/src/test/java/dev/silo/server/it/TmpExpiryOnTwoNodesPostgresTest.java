package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes on one PostgreSQL database sweep the same tmp objects: each is deleted, counted and journaled once. */
@ExtendWith(OnPostgres.class)
class TmpExpiryOnTwoNodesPostgresTest {
  @TempDir Path dir;

  @Test
  void twoSweepingNodesDeleteEachExpiredObjectOnce() throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Map<String, String> settings =
        Map.of("SILO_MASTER_KEY", Base64.getEncoder().encodeToString(key), "SILO_TMP_TTL", "1s", "SILO_SWEEP_INTERVAL", "1s");
    try (TestSilo a = TestSilo.start(dir.resolve("a"), settings);
        TestSilo b = TestSilo.start(dir.resolve("b"), settings)) {
      Api t = a.tenant("lifecycle-twins");
      int n = 12;
      for (int i = 0; i < n; i++) {
        assertThat(t.put("/v1/objects/tmp/scratch-" + i + ".txt", "xy", "Content-Type", "text/plain").status()).isIn(200, 201);
      }
      assertThat(t.put("/v1/objects/raw/keep.txt", "keeper", "Content-Type", "text/plain").status()).isIn(200, 201);

      long deadline = System.nanoTime() + 20_000_000_000L;
      while (t.get("/v1/objects?prefix=tmp/").json().path("items").size() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(t.get("/v1/objects?prefix=tmp/").json().path("items").size()).isZero();
      JsonNode usage = t.get("/v1/tenant").json().path("usage");
      assertThat(usage.path("objects").asLong()).isEqualTo(1);
      assertThat(usage.path("bytes").asLong()).isEqualTo(6);
      String audit = t.get("/v1/audit?action=object.deleted&limit=1000").body();
      assertThat(audit.split("system:lifecycle", -1).length - 1).isEqualTo(n);
    }
  }
}
