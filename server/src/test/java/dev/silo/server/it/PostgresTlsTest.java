package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.silo.testkit.PostgresSandbox;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL driver's TLS parameters pass through {@code SILO_DATABASE_URL} untouched: asking
 * for TLS ({@code sslmode=require}) from the local server, which has none, stops the start at once
 * with one line that says so, instead of falling back to plain text.
 */
@ExtendWith(OnPostgres.class)
class PostgresTlsTest {
  @TempDir Path dir;

  @Test
  void sslmodeRequireAgainstAServerWithoutTlsIsAOneLineStartError() throws Exception {
    try (Connection c = DriverManager.getConnection(PostgresSandbox.ADMIN_URL);
        ResultSet r = c.createStatement().executeQuery("SHOW ssl")) {
      r.next();
      assumeThat(r.getString(1)).as("the test PostgreSQL serves TLS, so sslmode=require would succeed").isEqualTo("off");
    }
    String url = PostgresSandbox.ADMIN_URL + (PostgresSandbox.ADMIN_URL.contains("?") ? "&" : "?") + "sslmode=require";
    long started = System.nanoTime();
    assertThatThrownBy(() -> TestSilo.start(dir.resolve("data"), Map.of("SILO_DATABASE_URL", url, "SILO_DATABASE_MIGRATION_URL", url)))
        .hasMessageStartingWith("cannot connect to the metadata database")
        .hasMessageEndingWith("The server does not support SSL.")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat((System.nanoTime() - started) / 1_000_000).as("refused at once, not after a pool timeout").isLessThan(15_000);
    // the sandbox of OnPostgres is then used as usual
    try (TestSilo silo = TestSilo.start(dir.resolve("data"))) {
      assertThat(silo.tenant("after-tls").put("/v1/objects/a", "x", "Content-Type", "text/plain").status()).isEqualTo(201);
    }
  }
}
