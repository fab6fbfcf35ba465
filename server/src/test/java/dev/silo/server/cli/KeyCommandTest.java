package dev.silo.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.silo.server.cli.FakeSilo.Request;
import dev.silo.server.cli.FakeSilo.Result;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyCommandTest {
  private static final String CREATED =
      """
      {"id":"key_0123456789abcdef","name":"ci","prefix":"acme_sk_AbCd","scopes":["read","write"],
       "created_at":"2026-11-23T10:00:00Z","key":"acme_sk_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"}""";
  private static final String LISTED =
      """
      {"items":[{"id":"key_0123456789abcdef","name":"ci","prefix":"acme_sk_AbCd",
        "scopes":["read","write"],"created_at":"2026-11-23T10:00:00Z",
        "last_used_at":null,"revoked_at":null}]}""";

  private final FakeSilo silo;

  KeyCommandTest() throws IOException {
    silo = new FakeSilo();
  }

  @AfterEach
  void stop() {
    silo.close();
  }

  private Result key(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--url";
    all[args.length + 1] = silo.url();
    return FakeSilo.run(new KeyCommand(), all);
  }

  @Test
  void createAsOperatorPrintsTheKeyOnceWithAWarning() throws IOException {
    silo.answer(201, CREATED);

    Result r = key("create", "acme", "--name", "ci", "--scope", "read", "--scope", "write", "--token", "op");

    assertThat(r.exit()).isZero();
    Request req = silo.only();
    assertThat(req.method()).isEqualTo("POST");
    assertThat(req.path()).isEqualTo("/v1/tenants/acme/keys");
    assertThat(req.header("Authorization")).isEqualTo("Bearer op");
    assertThat(SiloClient.JSON.readTree(req.body()))
        .isEqualTo(SiloClient.JSON.readTree("{\"name\":\"ci\",\"scopes\":[\"read\",\"write\"]}"));
    assertThat(r.out())
        .contains("Created API key key_0123456789abcdef \"ci\" for tenant acme (scopes: read,write).")
        .contains("\n    acme_sk_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789\n")
        .contains("will not show this key again");
  }

  @Test
  void createWithoutScopesLetsTheServerDefault() throws IOException {
    silo.answer(201, CREATED);

    assertThat(key("create", "acme", "--token", "op").exit()).isZero();

    assertThat(SiloClient.JSON.readTree(silo.only().body()))
        .isEqualTo(SiloClient.JSON.readTree("{\"name\":\"cli\"}"));
  }

  @Test
  void createWithAnApiKeyUsesTheTenantRoute() {
    silo.answer(201, CREATED);

    Result r = key("create", "--api-key", "acme_sk_secret", "--name", "ci");

    assertThat(r.exit()).isZero();
    assertThat(silo.only().path()).isEqualTo("/v1/keys");
    assertThat(silo.only().header("Authorization")).isEqualTo("Bearer acme_sk_secret");
  }

  @Test
  void tenantAndApiKeyTogetherIsAUsageError() {
    Result r = key("create", "acme", "--api-key", "acme_sk_secret");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(silo.requests).isEmpty();
  }

  @Test
  void noTenantAndNoApiKeyIsAUsageError() {
    assumeTrue(System.getenv("SILO_API_KEY") == null);

    Result r = key("list", "--token", "op");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("whose keys?");
    assertThat(silo.requests).isEmpty();
  }

  @Test
  void badScopeIsAUsageError() {
    assertThat(key("create", "acme", "--scope", "root", "--token", "op").exit()).isEqualTo(2);
    assertThat(silo.requests).isEmpty();
  }

  @Test
  void listPrintsPrefixesNeverKeys() {
    silo.answer(200, LISTED);

    Result r = key("list", "acme", "--token", "op");

    assertThat(r.exit()).isZero();
    assertThat(silo.only().method()).isEqualTo("GET");
    assertThat(silo.only().path()).isEqualTo("/v1/tenants/acme/keys");
    assertThat(r.out())
        .startsWith("ID                    NAME  PREFIX        SCOPES      CREATED               LAST USED  REVOKED")
        .contains("key_0123456789abcdef  ci    acme_sk_AbCd  read,write  2026-11-23T10:00:00Z  -          -");
  }

  @Test
  void listJsonPrintsTheServersAnswer() {
    silo.answer(200, LISTED);

    Result r = key("list", "acme", "--token", "op", "--json");

    assertThat(r.out().strip()).isEqualTo(LISTED.strip());
  }

  @Test
  void revokeAsOperator() {
    silo.answer(204, null);

    Result r = key("revoke", "acme", "key_0123456789abcdef", "--token", "op");

    assertThat(r.exit()).isZero();
    assertThat(silo.only().method()).isEqualTo("DELETE");
    assertThat(silo.only().path()).isEqualTo("/v1/tenants/acme/keys/key_0123456789abcdef");
    assertThat(r.out()).contains("Revoked key key_0123456789abcdef.");
  }

  @Test
  void revokeWithAnApiKey() {
    silo.answer(204, null);

    Result r = key("revoke", "key_0123456789abcdef", "--api-key", "acme_sk_secret");

    assertThat(r.exit()).isZero();
    assertThat(silo.only().path()).isEqualTo("/v1/keys/key_0123456789abcdef");
    assertThat(silo.only().header("Authorization")).isEqualTo("Bearer acme_sk_secret");
  }

  @Test
  void revokeUnknownKeyExitsOne() {
    silo.answer(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"key not found\",\"request_id\":\"req-7\"}}");

    Result r = key("revoke", "acme", "key_nope", "--token", "op");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("error: key not found (not_found, request req-7)");
  }

  @Test
  void connectionRefusedExitsThree() throws IOException {
    String dead = FakeSilo.deadUrl();

    Result r = FakeSilo.run(new KeyCommand(), "list", "acme", "--token", "op", "--url", dead);

    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err()).contains("cannot reach Silo at " + dead + ": is it running? start it with ./silo serve");
  }
}
