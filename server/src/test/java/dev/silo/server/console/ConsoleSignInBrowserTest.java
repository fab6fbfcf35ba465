package dev.silo.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.silo.server.it.Api;
import dev.silo.server.it.TestIdentityProvider;
import dev.silo.server.it.TestSilo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing in to the console through a tenant's identity provider, in a real browser ({@code
 * server/src/test/browser/sign-in.mjs}: Debian's chromium driven by playwright-core) against a real
 * Silo and a real provider ({@link TestIdentityProvider}): the provider's page, the way back, the
 * person signed in as themselves, the code gone from the address, a replayed answer refused.
 */
class ConsoleSignInBrowserTest {
  private static final Path PROJECT = ConsoleFiles.inRepo("server/src/test/browser");

  @TempDir Path dir;

  @Test
  void aPersonSignsInToTheConsoleThroughTheirIdentityProvider() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "chromium is not installed: skipping the browser test");
    assumeTrue(Files.isDirectory(PROJECT.resolve("node_modules/playwright-core")),
        "playwright-core is not installed: run `npm ci --prefix server/src/test/browser` (skipping)");
    try (TestIdentityProvider idp = TestIdentityProvider.start("silo");
        TestSilo silo = TestSilo.start(dir.resolve("silo"), Map.of("SILO_WEBHOOK_ALLOW_PRIVATE", "true"))) {
      idp.client("silo-console", silo.url() + "/console/").user("alice", "sso-browser");
      Api.Resp created = silo.operator().post("/v1/tenants",
          "{\"slug\":\"sso-browser\",\"oidc\":" + idp.settings("silo-console", "openid read write") + "}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);

      List<String> out = run(Map.of("SILO_URL", silo.url(), "ISSUER", idp.issuer(), "SILO_TENANT", "sso-browser",
          "IDP_USER", "alice", "SHOTS_DIR", Path.of("target/console-screenshots").toAbsolutePath().toString()));
      assertThat(out.getLast()).as(String.join("\n", out)).isEqualTo("{\"ok\":true,\"who\":\"Tenant sso-browser · alice\"}");
      Api.Resp audit = silo.operator().get("/v1/audit?tenant=sso-browser&action=console.signed_in");
      assertThat(audit.json().path("items")).hasSize(1);
      assertThat(audit.json().path("items").get(0).path("actor").asText()).isEqualTo("jwt:alice");
    }
  }

  private static List<String> run(Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("node", PROJECT.resolve("sign-in.mjs").toString()).redirectErrorStream(true);
    pb.directory(PROJECT.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    List<String> lines = new ArrayList<>();
    try (var r = p.inputReader(StandardCharsets.UTF_8)) {
      r.lines().forEach(lines::add);
    }
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
    return lines;
  }
}
