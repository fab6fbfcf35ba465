package dev.silo.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.silo.server.cli.FakeSilo.Request;
import dev.silo.server.cli.FakeSilo.Result;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TenantCommandTest {
  private static final String ACME =
      """
      {"id":"t1","slug":"acme","name":"Acme Corp","status":"active",
       "limits":{"max_bytes":10737418240,"max_objects":null,"max_upload_bytes":null,
                 "max_buckets":1,"allowed_content_types":["text/csv"]},
       "usage":{"bytes":1536,"objects":3},"created_at":"2026-11-23T10:00:00Z"}""";

  private final FakeSilo silo;

  TenantCommandTest() throws IOException {
    silo = new FakeSilo();
  }

  @AfterEach
  void stop() {
    silo.close();
  }

  private Result tenant(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(new String[] {"--url", silo.url(), "--token", "op-token"}, 0, all, args.length, 4);
    return FakeSilo.run(new TenantCommand(), all);
  }

  private static JsonNode json(String s) throws IOException {
    return SiloClient.JSON.readTree(s);
  }

  @Test
  void createPostsSlugNameAndLimits() throws IOException {
    silo.answer(201, ACME);

    Result r =
        tenant(
            "create", "acme", "--name", "Acme Corp", "--max-bytes", "10GiB", "--max-objects", "1000",
            "--max-upload-bytes", "500MB", "--max-buckets", "3",
            "--allowed-content-type", "text/csv", "--allowed-content-type", "image/*");

    assertThat(r.exit()).isZero();
    Request req = silo.only();
    assertThat(req.method()).isEqualTo("POST");
    assertThat(req.path()).isEqualTo("/v1/tenants");
    assertThat(req.header("Authorization")).isEqualTo("Bearer op-token");
    assertThat(req.header("Content-Type")).isEqualTo("application/json");
    assertThat(json(req.body()))
        .isEqualTo(
            json(
                """
                {"slug":"acme","name":"Acme Corp","limits":{"max_bytes":10737418240,
                 "max_objects":1000,"max_upload_bytes":500000000,"max_buckets":3,
                 "allowed_content_types":["text/csv","image/*"]}}"""));
    assertThat(r.out())
        .contains("Created tenant acme.")
        .contains("max size       10.0 GiB")
        .contains("max objects    unlimited")
        .contains("content types  text/csv");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void createWithoutOptionsSendsOnlySlugAndNameDefaultingToIt() throws IOException {
    silo.answer(201, ACME);

    assertThat(tenant("create", "acme").exit()).isZero();

    assertThat(json(silo.only().body())).isEqualTo(json("{\"slug\":\"acme\",\"name\":\"acme\"}"));
  }

  @Test
  void jsonPrintsTheServersAnswer() {
    silo.answer(201, ACME);

    Result r = tenant("create", "acme", "--json");

    assertThat(r.exit()).isZero();
    assertThat(r.out().strip()).isEqualTo(ACME.strip());
  }

  @Test
  void listPrintsATable() {
    silo.answer(200, "{\"items\":[" + ACME + "]}");

    Result r = tenant("list");

    assertThat(r.exit()).isZero();
    assertThat(silo.only().method()).isEqualTo("GET");
    assertThat(silo.only().path()).isEqualTo("/v1/tenants");
    assertThat(silo.only().query()).isEqualTo("limit=1000");
    assertThat(r.out().lines().toList())
        .hasSize(2)
        .first()
        .asString()
        .startsWith("SLUG  NAME       STATUS  OBJECTS  SIZE     MAX SIZE  CREATED");
    assertThat(r.out()).contains("acme  Acme Corp  active  3        1.5 KiB  10.0 GiB  2026-11-23T10:00:00Z");
  }

  @Test
  void listFollowsEveryPageIntoOneTable() {
    silo.pages(
        "{\"items\":[" + ACME + "],\"next_cursor\":\"acme\"}",
        "{\"items\":[" + ACME.replace("acme", "zeta").replace("Acme Corp", "Zeta") + "],\"next_cursor\":null}");

    Result r = tenant("list", "--prefix", "a-b");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(silo.requests).extracting(Request::query)
        .containsExactly("limit=1000&prefix=a-b", "limit=1000&prefix=a-b&cursor=acme");
    assertThat(r.out().lines().toList()).hasSize(3);
    assertThat(r.out()).contains("acme  Acme Corp").contains("zeta  Zeta");
  }

  @Test
  void listAsJsonIsEveryPageInOne() throws IOException {
    silo.pages("{\"items\":[" + ACME + "],\"next_cursor\":\"acme\"}", "{\"items\":[],\"next_cursor\":null}");

    Result r = tenant("list", "--json");

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode all = json(r.out());
    assertThat(all.path("items")).hasSize(1);
    assertThat(all.path("items").get(0).path("slug").asText()).isEqualTo("acme");
    assertThat(all.path("next_cursor").isNull()).isTrue();
  }

  @Test
  void listSaysSoWhenThereAreNoTenants() {
    silo.answer(200, "{\"items\":[]}");

    Result r = tenant("list");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("No tenants.");
  }

  @Test
  void showPrintsDetails() {
    silo.answer(200, ACME);

    Result r = tenant("show", "acme");

    assertThat(r.exit()).isZero();
    assertThat(silo.only().path()).isEqualTo("/v1/tenants/acme");
    assertThat(r.out()).contains("name           Acme Corp").contains("objects        3");
  }

  @Test
  void serverErrorIsPrintedAndExitsOne() {
    silo.answer(
        404,
        """
        {"error":{"code":"not_found","message":"tenant not found","request_id":"req-42"}}""");

    Result r = tenant("show", "nope");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip()).isEqualTo("error: tenant not found (not_found, request req-42)");
  }

  @Test
  void anErrorThatIsNotJsonStillExitsOne() {
    silo.answer(502, "<html>bad gateway</html>");

    Result r = tenant("list");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("error: HTTP 502 (http_502, request req-header)");
  }

  @Test
  void unauthorizedAddsAHint() {
    silo.answer(401, "{\"error\":{\"code\":\"unauthenticated\",\"message\":\"bad credential\",\"request_id\":\"r1\"}}");

    Result r = tenant("list");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("error: bad credential (unauthenticated, request r1)").contains("hint:");
  }

  @Test
  void updateSendsOnlyWhatChanged() throws IOException {
    silo.answer(200, ACME);

    Result r = tenant("update", "acme", "--status", "suspended", "--max-bytes", "unlimited", "--any-content-type");

    assertThat(r.exit()).isZero();
    Request req = silo.only();
    assertThat(req.method()).isEqualTo("PATCH");
    assertThat(req.path()).isEqualTo("/v1/tenants/acme");
    assertThat(json(req.body()))
        .isEqualTo(
            json(
                """
                {"status":"suspended","limits":{"max_bytes":null,"allowed_content_types":[]}}"""));
    assertThat(r.out()).contains("Updated tenant acme.");
  }

  @Test
  void updateWithNothingToChangeIsAUsageError() {
    Result r = tenant("update", "acme");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("nothing to update");
    assertThat(silo.requests).isEmpty();
  }

  @Test
  void badStatusOrSizeIsAUsageError() {
    assertThat(tenant("update", "acme", "--status", "paused").exit()).isEqualTo(2);
    assertThat(tenant("create", "acme", "--max-bytes", "lots").exit()).isEqualTo(2);
    assertThat(silo.requests).isEmpty();
  }

  @Test
  void deleteRequiresYes() {
    Result r = tenant("delete", "acme");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--yes");
    assertThat(silo.requests).isEmpty();
  }

  @Test
  void deleteWithYesSendsDelete() {
    silo.answer(204, null);

    Result r = tenant("delete", "acme", "--yes");

    assertThat(r.exit()).isZero();
    assertThat(silo.only().method()).isEqualTo("DELETE");
    assertThat(silo.only().path()).isEqualTo("/v1/tenants/acme");
    assertThat(r.out()).contains("Deleted tenant acme");
  }

  @Test
  void pathSegmentsAreEncoded() {
    silo.answer(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no\",\"request_id\":\"r\"}}");

    tenant("show", "a b/c");

    assertThat(silo.only().path()).isEqualTo("/v1/tenants/a%20b%2Fc");
  }

  @Test
  void connectionRefusedExitsThree() throws IOException {
    String dead = FakeSilo.deadUrl();

    Result r = FakeSilo.run(new TenantCommand(), "list", "--url", dead, "--token", "t");

    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err().strip())
        .isEqualTo("cannot reach Silo at " + dead + ": is it running? start it with ./silo serve");
  }

  @Test
  void urlWithoutSchemeIsAUsageError() {
    Result r = FakeSilo.run(new TenantCommand(), "list", "--url", "localhost:8080", "--token", "t");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--url must be an http(s) URL");
  }
}
