package dev.silo.server.it;

import static dev.silo.server.it.Checks.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.silo.api.rest.RestApi;
import dev.silo.api.tus.TusApi;
import dev.silo.console.ConsoleApi;
import dev.silo.core.domain.Scope;
import dev.silo.http.Access;
import dev.silo.http.Handler;
import dev.silo.http.Route;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Properties of the whole REST and TUS route tables, so that a route added later cannot escape
 * them: every route declares who may call it and with which scope (anonymous ones are listed here
 * on purpose); no handler reads a credential; a read-only credential gets 403 on every route that
 * changes something, and every such route, called successfully, writes exactly one audit record.
 */
class RouteTableAuditAndScopeTest {
  private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
  /** Routes with a mutating method that change nothing: they need only read. */
  private static final Set<String> READ_ONLY_POSTS = Set.of("POST /v1/sign/{key+}");

  /**
   * Anonymous routes that change something: a sign-in through a tenant's identity provider, whose
   * one audit record (in the tenant's log, by the person who signed in) ConsoleSignInTest and
   * ConsoleSignInBrowserTest count, since it takes a provider to make one.
   */
  private static final Set<String> ANONYMOUS_POSTS = Set.of("POST /v1/sign-in/{tenant}/token");

  /** The routes anyone may call. A new anonymous route is added here on purpose, or the build fails. */
  private static final Set<String> ANONYMOUS_ROUTES = Set.of(
      "GET /healthz", "GET /readyz", "GET /v1/openapi.json", "GET /metrics",
      "GET /v1/public/{tenant}/{key+}", "HEAD /v1/public/{tenant}/{key+}",
      "OPTIONS /v1/tus/", "OPTIONS /v1/tus/{upload_id}",
      "GET /", "GET /console", "GET /console/", "GET /console/{file+}",
      "GET /v1/sign-in/{tenant}", "POST /v1/sign-in/{tenant}/token");

  @TempDir static Path dir;
  static TestSilo silo;
  static List<Route> routes;

  @BeforeAll
  static void start() throws Exception {
    silo =
        TestSilo.start(
            dir.resolve("data"),
            Map.of(
                "SILO_WEBHOOK_ALLOW_PRIVATE", "true",
                "SILO_WEBHOOK_RETRY_INITIAL", "100ms",
                "SILO_WEBHOOK_RETRY_PERIOD", "1s",
                "SILO_EVENTS_POLL_INTERVAL", "50ms"));
    routes = RestApi.routes(RestApi.Services.NONE, Map.of()).routes();
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  /** Every table served on the REST port: the API, TUS and the web console. */
  static List<Route> allRoutes() {
    List<Route> all = new ArrayList<>(routes);
    all.addAll(TusApi.routes(null));
    all.addAll(ConsoleApi.routes());
    return all;
  }

  @Test
  void everyRouteDeclaresWhoMayCallItAndWithWhichScope() {
    for (Route r : allRoutes()) {
      switch (r.access()) {
        case ANONYMOUS -> assertThat(ANONYMOUS_ROUTES).as("an anonymous route nobody listed").contains(signature(r));
        case OPERATOR, OPERATOR_FOR_TENANT -> assertThat(r.scope()).as(signature(r)).isNull();
        case TENANT, TENANT_OR_OPERATOR -> assertThat(r.scope()).as(signature(r)).isNotNull();
        case TENANT_OR_SIGNED -> {
          assertThat(r.scope()).as(signature(r)).isNotNull();
          assertThat(r.signed()).as(signature(r) + " names what its tokens must be minted for").isNotNull();
        }
      }
    }
    // a table cannot even be built with a tenant route that forgets its scope or its token target
    Handler noop = ex -> {};
    for (Access a : List.of(Access.TENANT, Access.TENANT_OR_OPERATOR, Access.TENANT_OR_SIGNED)) {
      assertThatThrownBy(() -> new Route("GET", "/v1/new", a, null, "new", noop)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> new Route("GET", "/v1/new", Access.TENANT_OR_SIGNED, Scope.READ, "new", noop))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Route("GET", "/v1/new", Access.OPERATOR_FOR_TENANT, null, "new", noop))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Every route called with a valid credential and, besides, a {@code token} parameter and an
   * {@code x-tenant-id} header: a handler that read either itself would fail here (the exchange
   * refuses handlers the credential inputs, a 500). {@code CredentialReadingTest} checks the same
   * in the bytecode.
   */
  @Test
  void noHandlerReadsACredentialItself() {
    silo.tenant("cred-alpha");
    Api t = silo.tenant("cred-bravo");
    t.put("/v1/objects/some/key.txt", "x", "Content-Type", "text/plain");
    List<String> failed = new ArrayList<>();
    for (Route r : allRoutes()) {
      if (r.access() == Access.ANONYMOUS || r.template().equals("/v1/events")) {
        continue; // the event stream never ends; CredentialReadingTest covers its handler
      }
      Api caller = r.access() == Access.OPERATOR || r.access() == Access.OPERATOR_FOR_TENANT ? silo.operator() : t;
      String path = r.template().replace("{key+}", "some/key.txt").replace("{tenant}", "cred-alpha").replaceAll("\\{[a-z_]+}", "x");
      String sep = path.contains("?") ? "&" : "?";
      Api.Resp resp = caller.send(r.method(), path + sep + "token=v2.junk", HttpRequest.BodyPublishers.noBody(),
          "x-tenant-id", "cred-alpha", "Tus-Resumable", "1.0.0");
      if (resp.status() >= 500 && !r.template().equals("/readyz/tenants")) {
        failed.add(signature(r) + " " + resp.status() + " " + resp.body());
      }
    }
    assertThat(failed).isEmpty();
  }

  static List<Route> mutating() {
    return routes.stream().filter(r -> MUTATING.contains(r.method())).toList();
  }

  static String signature(Route r) {
    return r.method() + " " + r.template();
  }

  @Test
  void aReadOnlyKeyGets403OnEveryMutatingRoute() {
    silo.tenant("scope-alpha");
    Api.Resp key = silo.operator().post("/v1/tenants/scope-alpha/keys", "{\"name\":\"ro\",\"scopes\":[\"read\"]}");
    Api readOnly = silo.as(key.json().path("key").asText());
    int checked = 0;
    for (Route r : mutating()) {
      boolean tenantRoute = r.access() == Access.TENANT || r.access() == Access.TENANT_OR_SIGNED || r.access() == Access.TENANT_OR_OPERATOR;
      if (READ_ONLY_POSTS.contains(signature(r))) {
        assertThat(r.scope()).isEqualTo(Scope.READ);
        continue;
      }
      if (ANONYMOUS_POSTS.contains(signature(r))) {
        assertThat(r.access()).isEqualTo(Access.ANONYMOUS);
        continue;
      }
      String path = r.template().replace("{key+}", "some/key.txt").replaceAll("\\{[a-z_]+}", "x");
      Api.Resp resp = readOnly.send(r.method(), path, HttpRequest.BodyPublishers.noBody());
      if (tenantRoute) {
        assertThat(r.scope()).as(signature(r)).isNotEqualTo(Scope.READ);
        assertError(resp, 403, "insufficient_scope");
      } else {
        assertThat(r.access()).as(signature(r)).isIn(Access.OPERATOR, Access.OPERATOR_FOR_TENANT);
        assertError(resp, 403, "operator_only");
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(20);
  }

  @Test
  void everyMutatingRouteWritesExactlyOneAuditRecord() throws Exception {
    Api t = silo.tenant("audit-alpha", "{\"max_buckets\":2}");
    Api op = silo.operator();
    Map<String, Supplier<Api.Resp>> calls = new LinkedHashMap<>();
    // operator routes
    calls.put("POST /v1/tenants", () -> op.post("/v1/tenants", "{\"slug\":\"audit-bravo\"}"));
    calls.put("PATCH /v1/tenants/{tenant}", () -> op.patch("/v1/tenants/audit-bravo", "{\"name\":\"Bravo\"}"));
    calls.put("POST /v1/tenants/{tenant}/keys", () -> op.post("/v1/tenants/audit-bravo/keys", "{\"name\":\"k\"}"));
    calls.put("DELETE /v1/tenants/{tenant}/keys/{key_id}", () -> op.delete("/v1/tenants/audit-bravo/keys/" + idOf(op.get("/v1/tenants/audit-bravo/keys"), "id", "name", "k")));
    calls.put("POST /v1/tenants/{tenant}/s3-credentials", () -> op.post("/v1/tenants/audit-bravo/s3-credentials", "{\"description\":\"d\"}"));
    calls.put("DELETE /v1/tenants/{tenant}/s3-credentials/{access_key_id}",
        () -> op.delete("/v1/tenants/audit-bravo/s3-credentials/" + lastId(op.get("/v1/tenants/audit-bravo/s3-credentials"), "access_key_id")));
    calls.put("POST /v1/tenants/{tenant}/webhooks", () -> op.post("/v1/tenants/audit-bravo/webhooks", "{\"url\":\"http://127.0.0.1:1/hook\"}"));
    calls.put("DELETE /v1/tenants/{tenant}/webhooks/{webhook_id}",
        () -> op.delete("/v1/tenants/audit-bravo/webhooks/" + lastId(op.get("/v1/tenants/audit-bravo/webhooks"), "id")));
    calls.put("POST /v1/tenants/{tenant}/rotate-key", () -> op.post("/v1/tenants/audit-bravo/rotate-key", "{}"));
    calls.put("DELETE /v1/tenants/{tenant}", () -> op.delete("/v1/tenants/audit-bravo"));
    // tenant routes
    calls.put("POST /v1/buckets", () -> t.post("/v1/buckets", "{\"name\":\"audit-extra\"}"));
    calls.put("DELETE /v1/buckets/{bucket}", () -> t.delete("/v1/buckets/audit-extra"));
    calls.put("POST /v1/keys", () -> t.post("/v1/keys", "{\"name\":\"k2\"}"));
    calls.put("DELETE /v1/keys/{key_id}", () -> t.delete("/v1/keys/" + idOf(t.get("/v1/keys"), "id", "name", "k2")));
    calls.put("POST /v1/s3-credentials", () -> t.post("/v1/s3-credentials", "{\"description\":\"laptop\"}"));
    calls.put("DELETE /v1/s3-credentials/{access_key_id}", () -> t.delete("/v1/s3-credentials/" + lastId(t.get("/v1/s3-credentials"), "access_key_id")));
    calls.put("PUT /v1/objects/{key+}", () -> t.put("/v1/objects/a/b.txt", "hello", "Content-Type", "text/plain"));
    calls.put("PATCH /v1/buckets/{bucket}", () -> t.patch("/v1/buckets/audit-alpha", "{\"versioning\":\"enabled\"}"));
    calls.put("PUT /v1/buckets/{bucket}/lifecycle", () -> t.put("/v1/buckets/audit-alpha/lifecycle",
        "{\"rules\":[{\"prefix\":\"logs/\",\"expiration_days\":7}]}", "Content-Type", "application/json"));
    calls.put("DELETE /v1/buckets/{bucket}/lifecycle", () -> t.delete("/v1/buckets/audit-alpha/lifecycle"));
    calls.put("PUT /v1/buckets/{bucket}/cors", () -> t.put("/v1/buckets/audit-alpha/cors",
        "{\"rules\":[{\"allowed_origins\":[\"https://app.example\"],\"allowed_methods\":[\"GET\"]}]}", "Content-Type", "application/json"));
    calls.put("DELETE /v1/buckets/{bucket}/cors", () -> t.delete("/v1/buckets/audit-alpha/cors"));
    calls.put("POST /v1/objects/{key+}", () -> t.post("/v1/objects/a/b.txt/restore", "{\"version_id\":\"null\"}"));
    calls.put("PATCH /v1/info/{key+}", () -> t.patch("/v1/info/a/b.txt", "{\"acl\":\"public\"}"));
    calls.put("POST /v1/copy", () -> t.post("/v1/copy", "{\"key\":\"a/b.txt\",\"to_key\":\"a/c.txt\"}"));
    calls.put("POST /v1/move", () -> {
      long before = auditCount();
      Api.Resp r = t.post("/v1/move", "{\"key\":\"a/c.txt\",\"to_key\":\"a/d.txt\"}");
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      assertThat(auditCount() - before).as("a move: the copy created, the source deleted").isEqualTo(2);
      return null;
    });
    calls.put("DELETE /v1/objects/{key+}", () -> t.delete("/v1/objects/a/b.txt"));
    String[] upload = new String[2];
    calls.put("POST /v1/uploads", () -> {
      Api.Resp r = t.post("/v1/uploads", "{\"filename\":\"u.txt\",\"content_type\":\"text/plain\",\"size\":2}");
      upload[0] = r.json().path("object_id").asText();
      upload[1] = r.json().path("upload_url").asText();
      return r;
    });
    calls.put("POST /v1/uploads/{object_id}/complete", () -> {
      sendRaw("PUT", upload[1], "hi");
      return t.post("/v1/uploads/" + upload[0] + "/complete", "");
    });
    calls.put("POST /v1/webhooks", () -> t.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:1/hook\"}"));
    calls.put("POST /v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redrive", () -> {
      String hook = lastId(t.get("/v1/webhooks"), "id");
      t.put("/v1/objects/trigger.txt", "x", "Content-Type", "text/plain");
      String dead = awaitDead(t, hook);
      long before = auditCount();
      Api.Resp r = t.post("/v1/webhooks/" + hook + "/deliveries/" + dead + "/redrive", "");
      assertThat(auditCount() - before).as("redrive").isEqualTo(1);
      return null; // counted here: the PUT above wrote its own record
    });
    calls.put("DELETE /v1/webhooks/{webhook_id}", () -> t.delete("/v1/webhooks/" + lastId(t.get("/v1/webhooks"), "id")));

    Set<String> missing = new TreeSet<>();
    for (Route r : mutating()) {
      if (!READ_ONLY_POSTS.contains(signature(r)) && !ANONYMOUS_POSTS.contains(signature(r)) && !calls.containsKey(signature(r))) {
        missing.add(signature(r));
      }
    }
    assertThat(missing).as("mutating routes without an audit check").isEmpty();

    List<String> wrong = new ArrayList<>();
    for (var e : calls.entrySet()) {
      long before = auditCount();
      Api.Resp resp = e.getValue().get();
      if (resp == null) {
        continue;
      }
      assertThat(resp.status()).as(e.getKey() + ": " + resp.body()).isBetween(200, 299);
      long written = auditCount() - before;
      if (written != 1) {
        wrong.add(e.getKey() + " wrote " + written);
      }
    }
    assertThat(wrong).isEmpty();
  }

  private static long auditCount() {
    long n = 0;
    String cursor = "";
    while (cursor != null) {
      JsonNode page = silo.operator().get("/v1/audit?limit=1000&cursor=" + cursor).json();
      n += page.path("items").size();
      cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
    }
    return n;
  }

  private static String awaitDead(Api t, String hook) {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonNode items = t.get("/v1/webhooks/" + hook + "/deliveries?status=dead").json().path("items");
      if (items.size() > 0) {
        return items.get(0).path("id").asText();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("no dead delivery");
  }

  private static String idOf(Api.Resp list, String field, String by, String value) {
    for (JsonNode item : list.json().path("items")) {
      if (item.path(by).asText().equals(value)) {
        return item.path(field).asText();
      }
    }
    throw new AssertionError("no item with " + by + " " + value + " in " + list.body());
  }

  private static String lastId(Api.Resp list, String field) {
    JsonNode items = list.json().path("items");
    return items.get(items.size() - 1).path(field).asText();
  }

  private static void sendRaw(String method, String url, String body) {
    try (HttpClient c = HttpClient.newHttpClient()) {
      HttpResponse<String> r = c.send(
          HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "text/plain").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
