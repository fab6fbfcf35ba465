package dev.silo.server.it;

import static dev.silo.server.it.Checks.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The declarative tenants file: created at start, reconciled on restart, refused whole when invalid. */
class TenantsFileTest {
  @TempDir static Path dir;

  static TestSilo start(Path data, Path file) throws Exception {
    return TestSilo.start(data, Map.of("SILO_TENANTS_FILE", file.toString()));
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(x -> out.add(x.asText()));
    return out;
  }

  @Test
  void declaredTenantsAreCreatedReconciledAndNeverDeleted() throws Exception {
    Path data = dir.resolve("data");
    Path file = dir.resolve("tenants.json");
    Files.writeString(
        file,
        """
        {"tenants":[
          {"slug":"acme","name":"Acme","status":"active",
           "limits":{"max_bytes":1000,"max_buckets":2,"allowed_content_types":["text/csv"]}},
          {"slug":"globex","name":"Globex"}
        ]}
        """);
    String acmeKey;
    String globexKey;
    try (TestSilo s = start(data, file)) {
      Api op = s.operator();
      JsonNode acme = op.get("/v1/tenants/acme").json();
      assertThat(acme.path("name").asText()).isEqualTo("Acme");
      assertThat(acme.path("status").asText()).isEqualTo("active");
      assertThat(acme.at("/limits/max_bytes").asLong()).isEqualTo(1000);
      assertThat(acme.at("/limits/max_buckets").asInt()).isEqualTo(2);
      assertThat(acme.at("/limits/max_objects").isNull()).isTrue();
      assertThat(strings(acme.at("/limits/allowed_content_types"))).containsExactly("text/csv");
      JsonNode globex = op.get("/v1/tenants/globex").json();
      assertThat(globex.path("name").asText()).isEqualTo("Globex");
      assertThat(globex.at("/limits/max_bytes").isNull()).isTrue();
      assertThat(globex.at("/limits/max_buckets").asInt()).isEqualTo(1);

      // the declared limits are the ones enforced
      acmeKey = op.post("/v1/tenants/acme/keys", "{\"name\":\"app\"}").json().path("key").asText();
      Api a = s.as(acmeKey);
      assertThat(a.put("/v1/objects/data.csv", "a,b\n1,2\n", "Content-Type", "text/csv").status()).isEqualTo(201);
      assertError(a.put("/v1/objects/doc.pdf", "%PDF", "Content-Type", "application/pdf"), 415, "content_type_not_allowed");
      assertError(a.put("/v1/objects/big.csv", "x".repeat(1001), "Content-Type", "text/csv"), 413, "too_large");
      assertThat(a.post("/v1/buckets", "{\"name\":\"second\"}").status()).isEqualTo(201);
      assertError(a.post("/v1/buckets", "{\"name\":\"third\"}"), 409, "too_many_buckets");
      globexKey = op.post("/v1/tenants/globex/keys", "{\"name\":\"app\"}").json().path("key").asText();
      assertThat(s.as(globexKey).put("/v1/objects/g.txt", "globex", "Content-Type", "text/plain").status()).isEqualTo(201);
    }

    // changed limits and name, globex no longer declared, a new suspended tenant
    Files.writeString(
        file,
        """
        {"tenants":[
          {"slug":"acme","name":"Acme Corp","status":"active",
           "limits":{"max_bytes":5000,"max_buckets":3,"allowed_content_types":["text/csv","image/*"]}},
          {"slug":"initech","name":"Initech","status":"suspended"}
        ]}
        """);
    String acmeUpdatedAt;
    try (TestSilo s = start(data, file)) {
      Api op = s.operator();
      JsonNode acme = op.get("/v1/tenants/acme").json();
      assertThat(acme.path("name").asText()).isEqualTo("Acme Corp");
      assertThat(acme.at("/limits/max_bytes").asLong()).isEqualTo(5000);
      assertThat(acme.at("/limits/max_buckets").asInt()).isEqualTo(3);
      assertThat(strings(acme.at("/limits/allowed_content_types"))).containsExactly("text/csv", "image/*");
      assertThat(acme.at("/usage/objects").asLong()).isEqualTo(1);
      acmeUpdatedAt = acme.path("updated_at").asText();
      Api a = s.as(acmeKey);
      assertThat(a.get("/v1/objects/data.csv").body()).isEqualTo("a,b\n1,2\n");
      assertThat(a.put("/v1/objects/big.csv", "x".repeat(1001), "Content-Type", "text/csv").status()).isEqualTo(201);
      assertThat(a.put("/v1/objects/p.png", "png", "Content-Type", "image/png").status()).isEqualTo(201);
      assertThat(a.post("/v1/buckets", "{\"name\":\"third\"}").status()).isEqualTo(201);

      // not declared any more, but not deleted: its data and key still work
      assertThat(op.get("/v1/tenants/globex").status()).isEqualTo(200);
      assertThat(s.as(globexKey).get("/v1/objects/g.txt").body()).isEqualTo("globex");

      JsonNode initech = op.get("/v1/tenants/initech").json();
      assertThat(initech.path("status").asText()).isEqualTo("suspended");
      String initechKey = op.post("/v1/tenants/initech/keys", "{}").json().path("key").asText();
      assertError(s.as(initechKey).get("/v1/tenant"), 403, "tenant_suspended");

      // an operator's change through the API is undone by the next start: the file is the truth
      assertThat(op.patch("/v1/tenants/acme", "{\"limits\":{\"max_bytes\":1}}").status()).isEqualTo(200);
    }

    try (TestSilo s = start(data, file)) {
      JsonNode acme = s.operator().get("/v1/tenants/acme").json();
      assertThat(acme.at("/limits/max_bytes").asLong()).isEqualTo(5000);
      assertThat(acme.path("name").asText()).isEqualTo("Acme Corp");
    }

    // an unchanged file changes nothing
    String reconciledAt;
    try (TestSilo s = start(data, file)) {
      reconciledAt = s.operator().get("/v1/tenants/acme").json().path("updated_at").asText();
    }
    try (TestSilo s = start(data, file)) {
      assertThat(s.operator().get("/v1/tenants/acme").json().path("updated_at").asText()).isEqualTo(reconciledAt);
      assertThat(s.operator().get("/v1/tenants").json().path("items")).hasSize(3);
    }
    assertThat(acmeUpdatedAt).isNotBlank();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "bad slug            | {\"tenants\":[{\"slug\":\"Bad_Slug\"}]}                                               | tenants[0].slug",
        "slug not a string   | {\"tenants\":[{\"slug\":42}]}                                                       | tenants[0].slug",
        "unknown tenant field| {\"tenants\":[{\"slug\":\"acme\",\"nmae\":\"Acme\"}]}                                  | tenants[0].nmae",
        "unknown limit field | {\"tenants\":[{\"slug\":\"acme\",\"limits\":{\"max_byte\":1}}]}                       | tenants[0].limits.max_byte",
        "negative max_bytes  | {\"tenants\":[{\"slug\":\"acme\",\"limits\":{\"max_bytes\":-1}}]}                      | tenants[0].limits.max_bytes",
        "max_bytes a string  | {\"tenants\":[{\"slug\":\"acme\",\"limits\":{\"max_bytes\":\"1000\"}}]}                | tenants[0].limits.max_bytes",
        "max_bytes fraction  | {\"tenants\":[{\"slug\":\"acme\",\"limits\":{\"max_bytes\":1.5}}]}                     | tenants[0].limits.max_bytes",
        "second tenant       | {\"tenants\":[{\"slug\":\"good\"},{\"slug\":\"acme\",\"limits\":{\"max_objects\":-5}}]} | tenants[1].limits.max_objects",
        "max_buckets zero    | {\"tenants\":[{\"slug\":\"acme\",\"limits\":{\"max_buckets\":0}}]}                     | tenants[0].limits.max_buckets",
        "max_buckets overflow| {\"tenants\":[{\"slug\":\"acme\",\"limits\":{\"max_buckets\":4294967297}}]}            | tenants[0].limits.max_buckets",
        "types not a list    | {\"tenants\":[{\"slug\":\"acme\",\"limits\":{\"allowed_content_types\":\"text/csv\"}}]} | tenants[0].limits.allowed_content_types",
        "bad media type      | {\"tenants\":[{\"slug\":\"acme\",\"limits\":{\"allowed_content_types\":[\"csv\"]}}]}    | tenants[0].limits.allowed_content_types",
        "limits not an object| {\"tenants\":[{\"slug\":\"acme\",\"limits\":5}]}                                        | tenants[0].limits",
        "bad status          | {\"tenants\":[{\"slug\":\"acme\",\"status\":\"paused\"}]}                              | tenants[0].status",
        "name not a string   | {\"tenants\":[{\"slug\":\"acme\",\"name\":[]}]}                                        | tenants[0].name",
        "duplicate slug      | {\"tenants\":[{\"slug\":\"acme\"},{\"slug\":\"acme\"}]}                                | tenants[1].slug",
        "no tenants array    | {\"tenant\":[]}                                                                       | tenants",
        "oidc unknown field  | {\"tenants\":[{\"slug\":\"acme\",\"oidc\":{\"issuer\":\"https://i\",\"audience\":\"a\",\"jwks_url\":\"https://i/j\",\"x\":1}}]} | tenants[0].oidc.x",
        "oidc bad issuer     | {\"tenants\":[{\"slug\":\"acme\",\"oidc\":{\"issuer\":\"ftp://i\",\"audience\":\"a\",\"jwks_url\":\"https://i/j\"}}]} | tenants[0].oidc",
        "oidc no audience    | {\"tenants\":[{\"slug\":\"acme\",\"oidc\":{\"issuer\":\"https://i\",\"jwks_url\":\"https://i/j\"}}]} | tenants[0].oidc",
        "oidc bad scope      | {\"tenants\":[{\"slug\":\"acme\",\"oidc\":{\"issuer\":\"https://i\",\"audience\":\"a\",\"jwks_url\":\"https://i/j\",\"scope_map\":{\"r\":[\"root\"]}}}]} | tenants[0].oidc.scope_map.r",
        "not JSON            | {\"tenants\":[                                                                        | tenants file",
      })
  void invalidFileStopsTheStartAndNamesTheField(String name, String content, String path) throws Exception {
    Path data = dir.resolve("invalid-" + name.replace(' ', '-'));
    Path file = dir.resolve("invalid-" + name.replace(' ', '-') + ".json");
    Files.writeString(file, content);
    Throwable failure = catchThrowable(() -> start(data, file).close());
    assertThat(failure).as(name).isNotNull();
    assertThat(failure.getMessage()).as(name).contains(path);
    assertThat(failure.getMessage()).doesNotContain("Exception");
  }

  @Test
  void oidcSettingsAreDeclaredInTheFile() throws Exception {
    Path file = dir.resolve("oidc.json");
    Files.writeString(file, """
        {"tenants":[{"slug":"oidc-co","oidc":{"issuer":"https://idp.example.com","audience":"silo",
          "jwks_url":"https://idp.example.com/jwks","tenant_claim":"org","scope_map":{"reader":["read"]}}}]}
        """);
    try (TestSilo s = start(dir.resolve("oidc-data"), file)) {
      JsonNode oidc = s.operator().get("/v1/tenants/oidc-co").json().path("oidc");
      assertThat(oidc.path("issuer").asText()).isEqualTo("https://idp.example.com");
      assertThat(oidc.path("tenant_claim").asText()).isEqualTo("org");
      assertThat(oidc.path("scopes_claim").asText()).isEqualTo("scope");
      assertThat(strings(oidc.at("/scope_map/reader"))).containsExactly("read");
    }
  }

  @Test
  void nothingOfAnInvalidFileIsApplied() throws Exception {
    Path data = dir.resolve("partial");
    Path file = dir.resolve("partial.json");
    Files.writeString(file, "{\"tenants\":[{\"slug\":\"first-ok\"},{\"slug\":\"second\",\"limits\":{\"max_bytes\":-1}}]}");
    assertThat(catchThrowable(() -> start(data, file).close())).hasMessageContaining("tenants[1].limits.max_bytes");
    Path data2 = dir.resolve("partial-after");
    try (TestSilo s = TestSilo.start(data2)) {
      assertThat(s.operator().get("/v1/tenants").json().path("items")).isEmpty();
    }
  }
}
