package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectLifecycleTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static Api acme;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("data"));
    acme = silo.tenant("acme");
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  @Test
  void putGetOverwriteDelete() {
    var created = acme.put("/v1/objects/docs/readme.txt", "hello", "Content-Type", "text/plain");
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().get("id").asText();
    assertThat(acme.get("/v1/objects/docs/readme.txt").body()).isEqualTo("hello");

    var replaced = acme.put("/v1/objects/docs/readme.txt", "hello again", "Content-Type", "text/plain");
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.json().get("id").asText()).isEqualTo(id);
    assertThat(acme.get("/v1/objects/docs/readme.txt").body()).isEqualTo("hello again");
    assertThat(acme.get("/v1/tenant").json().at("/usage/objects").asLong()).isEqualTo(1);

    assertThat(acme.delete("/v1/objects/docs/readme.txt").status()).isEqualTo(204);
    assertThat(acme.get("/v1/objects/docs/readme.txt").status()).isEqualTo(404);
    assertThat(acme.get("/v1/tenant").json().at("/usage/bytes").asLong()).isZero();
  }
}
