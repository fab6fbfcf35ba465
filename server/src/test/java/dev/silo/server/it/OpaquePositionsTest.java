package dev.silo.server.it;

import static dev.silo.server.it.Checks.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a tenant sees of positions (the event stream's position, audit ids and cursors, webhook
 * delivery ids) is opaque and its own: none of it moves while another tenant writes, so a tenant
 * cannot count other tenants' activity, and paging and resuming still work.
 */
class OpaquePositionsTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  /** Tokens: 22 characters of base64url, nothing that reads as a counter. */
  private static final String TOKEN = "[A-Za-z0-9_-]{22}";

  @TempDir static Path dir;
  static TestSilo silo;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("data"), Map.of("SILO_WEBHOOK_ALLOW_PRIVATE", "true", "SILO_EVENTS_POLL_INTERVAL", "50ms"));
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  /** The {@code : position} comment a new event stream starts with. */
  static String streamPosition(Api tenant) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(silo.url() + "/v1/events")).header("Authorization", "Bearer " + tenant.token()).build();
    HttpResponse<InputStream> r = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    try (InputStream in = r.body()) {
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null && !line.isEmpty(); line = lines.readLine()) {
        if (line.startsWith(": position ")) {
          return line.substring(": position ".length());
        }
      }
    }
    throw new AssertionError("no position comment");
  }

  static List<String> auditIds(Api api, String query) {
    List<String> ids = new ArrayList<>();
    for (JsonNode item : api.get("/v1/audit" + query).json().path("items")) {
      ids.add(item.path("id").asText());
    }
    return ids;
  }

  static void othersWrite(Api other, int n) {
    for (int i = 0; i < n; i++) {
      assertThat(other.put("/v1/objects/noise-" + i + ".txt", "noise", "Content-Type", "text/plain").status()).isBetween(200, 201);
    }
    assertThat(other.post("/v1/keys", "{\"name\":\"noise\"}").status()).isEqualTo(201);
  }

  @Test
  void aTenantsPositionsDoNotMoveWhenAnotherTenantWrites() throws Exception {
    Api a = silo.tenant("pos-alpha");
    Api b = silo.tenant("pos-bravo");
    a.put("/v1/objects/one.txt", "1", "Content-Type", "text/plain");
    a.put("/v1/objects/two.txt", "2", "Content-Type", "text/plain");

    String position = streamPosition(a);
    List<String> ids = auditIds(a, "?limit=1000");
    JsonNode firstPage = a.get("/v1/audit?limit=1").json();
    assertThat(position).matches(TOKEN);
    assertThat(ids).hasSizeGreaterThanOrEqualTo(2).allSatisfy(id -> assertThat(id).matches(TOKEN));
    assertThat(firstPage.path("next_cursor").asText()).matches(TOKEN);

    othersWrite(b, 7);

    assertThat(streamPosition(a)).as("stream position after another tenant's writes").isEqualTo(position);
    assertThat(auditIds(a, "?limit=1000")).as("audit ids after another tenant's writes").isEqualTo(ids);
    assertThat(a.get("/v1/audit?limit=1").json()).as("first audit page").isEqualTo(firstPage);

    // its own write moves its own position, to a token that says nothing of how far
    a.put("/v1/objects/three.txt", "3", "Content-Type", "text/plain");
    String moved = streamPosition(a);
    assertThat(moved).matches(TOKEN).isNotEqualTo(position);

    // paging with the cursor reaches every record exactly once, including the new one
    List<String> paged = new ArrayList<>();
    String cursor = "";
    while (cursor != null) {
      JsonNode page = a.get("/v1/audit?limit=1&cursor=" + cursor).json();
      page.path("items").forEach(i -> paged.add(i.path("id").asText()));
      cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
    }
    assertThat(paged).hasSize(ids.size() + 1).containsAll(ids).doesNotHaveDuplicates();

    // a cursor is its tenant's own: another tenant cannot use it, nor a made-up number
    String aCursor = firstPage.path("next_cursor").asText();
    assertError(b.get("/v1/audit?cursor=" + aCursor), 400, "invalid_cursor");
    assertError(a.get("/v1/audit?cursor=42"), 400, "invalid_cursor");
    // the operator pages the whole log with its own cursors
    JsonNode opPage = silo.operator().get("/v1/audit?limit=1").json();
    assertThat(opPage.path("next_cursor").asText()).matches(TOKEN);
    assertThat(silo.operator().get("/v1/audit?limit=1&cursor=" + opPage.path("next_cursor").asText()).status()).isEqualTo(200);
    assertError(silo.operator().get("/v1/audit?cursor=" + aCursor), 400, "invalid_cursor");
  }

  @Test
  void webhookDeliveryIdsAreOpaqueAndStableAcrossOtherTenantsWrites() throws Exception {
    Api a = silo.tenant("hook-alpha");
    Api b = silo.tenant("hook-bravo");
    String hook = a.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:1/hook\"}").json().path("id").asText();
    b.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:1/hook\"}");
    a.put("/v1/objects/x.txt", "x", "Content-Type", "text/plain");
    a.put("/v1/objects/y.txt", "y", "Content-Type", "text/plain");
    JsonNode before = a.get("/v1/webhooks/" + hook + "/deliveries?limit=1").json();
    String id = before.path("items").get(0).path("id").asText();
    assertThat(id).matches(TOKEN);
    assertThat(before.path("next_cursor").asText()).matches(TOKEN);

    othersWrite(b, 5);

    JsonNode after = a.get("/v1/webhooks/" + hook + "/deliveries?limit=1").json();
    assertThat(after.path("items").get(0).path("id").asText()).isEqualTo(id);
    assertThat(after.path("next_cursor").asText()).isEqualTo(before.path("next_cursor").asText());
    JsonNode second = a.get("/v1/webhooks/" + hook + "/deliveries?limit=1&cursor=" + after.path("next_cursor").asText()).json();
    assertThat(second.path("items").get(0).path("id").asText()).matches(TOKEN).isNotEqualTo(id);
    assertError(a.get("/v1/webhooks/" + hook + "/deliveries?cursor=12"), 400, "invalid_cursor");
    // another tenant's delivery id is no delivery of this tenant
    String bHook = b.get("/v1/webhooks").json().path("items").get(0).path("id").asText();
    String bDelivery = b.get("/v1/webhooks/" + bHook + "/deliveries?limit=1").json().path("items").get(0).path("id").asText();
    assertError(a.post("/v1/webhooks/" + hook + "/deliveries/" + bDelivery + "/redrive", ""), 404, "delivery_not_found");
  }
}
