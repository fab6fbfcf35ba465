package dev.silo.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.silo.http.Access;
import dev.silo.http.Route;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document and the route table must describe the same API. */
class OpenApiDocumentTest {
  private static JsonNode document() throws Exception {
    try (InputStream in = OpsRoutes.class.getResourceAsStream("openapi.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void everyRouteIsDocumentedAndNothingElse() throws Exception {
    Set<String> routes = new HashSet<>();
    for (Route r : RestApi.routes(RestApi.Services.NONE, Map.of()).routes()) {
      routes.add(r.method() + " " + r.template().replace("+}", "}"));
    }
    Set<String> documented = new HashSet<>();
    JsonNode paths = document().get("paths");
    for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
      String path = it.next();
      if (path.startsWith("/v1/tus/")) {
        continue; // served by api-tus on the same port; the server's TusRoutesDocumentedTest checks them
      }
      paths.get(path).fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + path));
    }
    assertThat(documented).isEqualTo(routes);
  }

  @Test
  void securityMatchesTheRouteTable() throws Exception {
    JsonNode paths = document().get("paths");
    for (Route r : RestApi.routes(RestApi.Services.NONE, Map.of()).routes()) {
      JsonNode op = paths.get(r.template().replace("+}", "}")).get(r.method().toLowerCase());
      JsonNode security = op.get("security");
      switch (r.access()) {
        case ANONYMOUS -> assertThat(security.size()).as(r.template()).isZero();
        case OPERATOR, OPERATOR_FOR_TENANT -> assertThat(security.get(0).has("operatorToken")).as(r.template()).isTrue();
        case TENANT, TENANT_OR_SIGNED, TENANT_OR_OPERATOR -> {
          assertThat(security.get(0).has("apiKey")).as(r.template()).isTrue();
          assertThat(op.get("x-silo-scope").asText()).as(r.template()).isEqualTo(r.scope().wire());
        }
      }
    }
    assertThat(Access.values()).hasSize(6);
  }

  @Test
  void isOpenApi31() throws Exception {
    assertThat(document().get("openapi").asText()).isEqualTo("3.1.0");
  }
}
