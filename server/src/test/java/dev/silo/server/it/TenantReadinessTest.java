package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's per-tenant readiness: each tenant's storage space is checked on its own. */
class TenantReadinessTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static Api healthy;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("data"));
    healthy = silo.tenant("ready-ok");
    silo.tenant("ready-lost");
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  @Test
  void aTenantWhoseStorageIsGoneIsReportedAndOnlyThatOne() throws Exception {
    Api.Resp before = silo.operator().get("/readyz/tenants");
    assertThat(before.status()).as(before.body()).isEqualTo(200);
    assertThat(before.json().path("items").toString()).contains("ready-ok").contains("ready-lost");

    Path lost = silo.dataDir().resolve("blobs").resolve("silo-dev-tenant-ready-lost");
    try (Stream<Path> files = Files.walk(lost)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Api.Resp after = silo.operator().get("/readyz/tenants");
    assertThat(after.status()).isEqualTo(503);
    assertThat(after.json().path("status").asText()).isEqualTo("unavailable");
    for (var item : after.json().path("items")) {
      String expected = item.path("tenant").asText().equals("ready-lost") ? "unavailable" : "ok";
      assertThat(item.path("storage").asText()).as(item.toString()).isEqualTo(expected);
    }
    assertThat(silo.anonymous().get("/readyz").status()).as("the global check is unaffected").isEqualTo(200);
    Api.Resp page = silo.operator().get("/readyz/tenants?prefix=ready-o");
    assertThat(page.status()).as("a page without the lost tenant: %s", page.body()).isEqualTo(200);
    assertThat(page.json().path("items").toString()).contains("ready-ok").doesNotContain("ready-lost");
  }

  @Test
  void onlyTheOperatorMayAsk() {
    assertThat(silo.anonymous().get("/readyz/tenants").status()).isEqualTo(401);
    assertThat(healthy.get("/readyz/tenants").status()).isEqualTo(403);
  }
}
