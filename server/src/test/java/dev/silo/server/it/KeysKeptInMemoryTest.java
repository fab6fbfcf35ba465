package dev.silo.server.it;

import static dev.silo.server.it.Checks.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the embedded default a node keeps the keys it read (docs/authentication.md): requests with a
 * key read it from the database once, and a revocation or a suspension still holds on the very
 * next request. Counted with the database timers of {@code /metrics}, so that the server's wiring
 * of the watch is proven, not only the cache.
 */
class KeysKeptInMemoryTest {
  private static final Pattern GLOBAL_READS =
      Pattern.compile("silo_db_operation_seconds_count\\{operation=\"global_read\"} (\\d+)");

  @TempDir Path dir;

  /** Credential lookups (the global reads) so far. */
  static long globalReads(TestSilo silo) {
    Matcher m = GLOBAL_READS.matcher(silo.anonymous().get("/metrics").body());
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  @Test
  void aKeyIsReadOnceAndARevocationOrSuspensionStillHoldsOnTheNextRequest() throws Exception {
    try (TestSilo silo = TestSilo.start(dir.resolve("data"))) {
      Api kept = silo.tenant("kept-keys");
      long before = globalReads(silo);
      for (int i = 0; i < 20; i++) {
        assertThat(kept.get("/v1/tenant").status()).isEqualTo(200);
      }
      assertThat(globalReads(silo) - before).as("20 requests with one key").isLessThanOrEqualTo(1);

      assertThat(silo.operator().patch("/v1/tenants/kept-keys", "{\"status\":\"suspended\"}").status()).isEqualTo(200);
      assertError(kept.get("/v1/tenant"), 403, "tenant_suspended");
      assertThat(silo.operator().patch("/v1/tenants/kept-keys", "{\"status\":\"active\"}").status()).isEqualTo(200);
      assertThat(kept.get("/v1/tenant").status()).isEqualTo(200);

      String id = kept.get("/v1/keys").json().path("items").get(0).path("id").asText();
      assertThat(silo.operator().delete("/v1/tenants/kept-keys/keys/" + id).status()).isEqualTo(204);
      assertError(kept.get("/v1/tenant"), 401, "invalid_credential");
    }
  }
}
