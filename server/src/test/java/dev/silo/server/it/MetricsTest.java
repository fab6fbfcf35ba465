package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics}: Prometheus text with bounded labels, accepted by {@code promtool} when installed. */
class MetricsTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static String scrape;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("data"));
    Api a = silo.tenant("metrics-alpha");
    a.put("/v1/objects/some/where/file-1.txt", "hello", "Content-Type", "text/plain");
    a.put("/v1/objects/else/file-2.txt", "hello", "Content-Type", "text/plain");
    a.get("/v1/objects/some/where/file-1.txt");
    a.get("/v1/objects/missing.txt");
    // bigger than SILO_INLINE_MAX, so that the blob store is written and read (small objects are rows)
    a.put("/v1/objects/big.bin", "x".repeat(70_000), "Content-Type", "application/octet-stream");
    a.get("/v1/objects/big.bin");
    Api.Resp r = silo.anonymous().get("/metrics");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type").orElse("")).startsWith("text/plain");
    scrape = r.body();
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  @Test
  void requestsAreCountedByRouteTemplateMethodAndStatus() {
    assertThat(scrape)
        .contains("silo_http_requests_seconds_bucket{")
        .contains("route=\"/v1/objects/{key+}\"")
        .contains("status=\"404\"")
        .contains("silo_http_received_bytes_total{")
        .contains("silo_http_sent_bytes_total{")
        .contains("silo_webhook_deliveries_dead ")
        .contains("silo_webhook_deliveries_pending ")
        .contains("silo_webhook_outbox_lag_seconds ")
        .contains("jvm_memory_used_bytes");
    // raw paths never become labels
    assertThat(scrape).doesNotContain("file-1.txt").doesNotContain("missing.txt");
  }

  /** Each series counts its own requests and bytes, however many requests went before. */
  @Test
  void eachSeriesCountsItsOwnRequestsAndBytes() {
    String objects = "route=\"/v1/objects/{key+}\"";
    assertThat(sum("silo_http_requests_seconds_count", objects, "method=\"PUT\"")).isEqualTo(3);
    assertThat(sum("silo_http_requests_seconds_count", objects, "method=\"GET\"", "status=\"200\"")).isEqualTo(2);
    assertThat(sum("silo_http_requests_seconds_count", objects, "method=\"GET\"", "status=\"404\"")).isEqualTo(1);
    assertThat(sum("silo_http_received_bytes_total", objects, "method=\"PUT\"")).isEqualTo(70_010);
    // both bodies, and the 404's error
    assertThat(sum("silo_http_sent_bytes_total", objects, "method=\"GET\"")).isGreaterThan(70_005);
  }

  /** The sum of the samples of {@code metric} whose labels contain every one of {@code labels}. */
  private static double sum(String metric, String... labels) {
    return scrape.lines()
        .filter(l -> l.startsWith(metric + "{"))
        .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void storeAndDatabaseLatencyAreTimedByOperationOnly() {
    assertThat(scrape)
        .contains("silo_store_operation_seconds_bucket{")
        .contains("silo_store_operation_seconds_count{operation=\"write\"}")
        .contains("silo_store_operation_seconds_count{operation=\"read\"}")
        .contains("silo_db_operation_seconds_bucket{")
        .contains("silo_db_operation_seconds_count{operation=\"tenant\"}")
        .contains("silo_db_operation_seconds_count{operation=\"global\"}");
    // no tenant label, and no per-tenant usage unless the operator enables it
    assertThat(scrape).doesNotContain("metrics-alpha").doesNotContain("silo_tenant_usage");
  }

  @Test
  void perTenantUsageOnlyWhenEnabled(@TempDir Path other) throws Exception {
    try (TestSilo usage = TestSilo.start(other.resolve("usage"), java.util.Map.of("SILO_METRICS_TENANT_USAGE", "true"))) {
      Api b = usage.tenant("metrics-beta");
      b.put("/v1/objects/a.txt", "hello", "Content-Type", "text/plain");
      b.put("/v1/objects/b.txt", "hi", "Content-Type", "text/plain");
      usage.tenant("metrics-gamma");
      String text = usage.anonymous().get("/metrics").body();
      assertThat(text)
          .contains("silo_tenant_usage_bytes{tenant=\"metrics-beta\"} 7.0")
          .contains("silo_tenant_usage_objects{tenant=\"metrics-beta\"} 2.0")
          .contains("silo_tenant_usage_objects{tenant=\"metrics-gamma\"} 0.0");
      promtool(text);
    }
  }

  @Test
  void promtoolAcceptsTheExposition() throws Exception {
    promtool(scrape);
  }

  private static void promtool(String exposition) throws Exception {
    Optional<Path> promtool =
        Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .map(d -> Path.of(d, "promtool"))
            .filter(p -> p.toFile().canExecute())
            .findFirst();
    Assumptions.assumeTrue(promtool.isPresent(), "promtool is not installed (Debian package prometheus); skipped");
    Process p = new ProcessBuilder(promtool.get().toString(), "check", "metrics").redirectErrorStream(true).start();
    p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
  }
}
