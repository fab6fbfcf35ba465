package dev.silo.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.Api;
import dev.silo.server.it.TestIdentityProvider;
import dev.silo.server.it.TestSilo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing in to the console through a tenant's identity provider, in a real browser ({@code
 * server/src/test/browser/sign-in.mjs}: Debian's chromium driven by playwright-core) against a real
 * Silo and a real provider ({@link TestIdentityProvider}): the provider's page, the way back, the
 * person signed in as themselves, the code gone from the address, signing out at the provider too,
 * a replayed answer refused.
 */
class ConsoleSignInBrowserTest {
  @TempDir Path dir;

  @Test
  void aPersonSignsInToTheConsoleThroughTheirIdentityProvider() throws Exception {
    BrowserScript.assumeRunnable();
    try (TestIdentityProvider idp = TestIdentityProvider.start("silo");
        TestSilo silo = TestSilo.start(dir.resolve("silo"), Map.of("SILO_WEBHOOK_ALLOW_PRIVATE", "true"))) {
      idp.client("silo-console", silo.url() + "/console/").user("alice", "sso-browser");
      Api.Resp created = silo.operator().post("/v1/tenants",
          "{\"slug\":\"sso-browser\",\"oidc\":" + idp.settings("silo-console", "openid read write") + "}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);

      Api other = silo.tenant("plain-keys");
      List<String> out = BrowserScript.run("sign-in.mjs", Map.of("SILO_URL", silo.url(), "ISSUER", idp.issuer(), "SILO_TENANT", "sso-browser",
          "IDP_USER", "alice", "SHOTS_DIR", Path.of("target/console-screenshots").toAbsolutePath().toString(),
          "OTHER_KEY", other.token(), "OTHER_TENANT", "plain-keys"), Duration.ofSeconds(120));
      assertThat(out.getLast()).as(String.join("\n", out)).isEqualTo("{\"ok\":true,\"who\":\"Tenant sso-browser · alice\"}");
      Api.Resp audit = silo.operator().get("/v1/audit?tenant=sso-browser&action=console.signed_in");
      assertThat(audit.json().path("items")).as("signed in twice: before and after signing out").hasSize(2);
      assertThat(idp.signOuts()).as("signed out at the provider, with the ID token as the hint").containsExactly("alice");
      assertThat(audit.json().path("items").get(0).path("actor").asText()).isEqualTo("jwt:alice");
    }
  }
}
