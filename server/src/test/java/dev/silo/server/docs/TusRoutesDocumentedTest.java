package dev.silo.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.silo.api.rest.OpsRoutes;
import dev.silo.api.tus.TusApi;
import dev.silo.http.Access;
import dev.silo.http.Route;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The TUS routes share the REST port, so the served OpenAPI document describes them too; api-rest
 * cannot see them, so this test, where both meet, keeps that part of the document true.
 */
class TusRoutesDocumentedTest {
  private static JsonNode paths() throws Exception {
    try (InputStream in = OpsRoutes.class.getResourceAsStream("openapi.json")) {
      return new ObjectMapper().readTree(in).get("paths");
    }
  }

  @Test
  void everyTusRouteIsDocumentedAndNothingElse() throws Exception {
    Set<String> routes = new HashSet<>();
    for (Route r : TusApi.routes(null)) {
      routes.add(r.method() + " " + r.template());
    }
    Set<String> documented = new HashSet<>();
    JsonNode paths = paths();
    for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
      String path = it.next();
      if (path.startsWith("/v1/tus/")) {
        paths.get(path).fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + path));
      }
    }
    assertThat(documented).isEqualTo(routes);
  }

  @Test
  void tusSecurityMatchesTheRouteTable() throws Exception {
    JsonNode paths = paths();
    for (Route r : TusApi.routes(null)) {
      JsonNode op = paths.get(r.template()).get(r.method().toLowerCase());
      if (r.access() == Access.ANONYMOUS) {
        assertThat(op.get("security").size()).as(r.template()).isZero();
      } else {
        assertThat(op.get("x-silo-scope").asText()).as(r.template()).isEqualTo(r.scope().wire());
      }
    }
  }
}
