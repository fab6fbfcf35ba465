package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.silo.testkit.PostgresSandbox;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret Silo hands a client is kept where a copy of the metadata store would reveal it: API
 * keys are stored as hashes, S3 secrets, webhook secrets and URL tokens derive from the master key
 * and are not stored at all. The proof reads everything the store holds: the SQLite files byte for
 * byte (the database, its WAL and shared memory), and every row of every table of the PostgreSQL
 * schema as text (bytea as hex), for each secret as sent, its base64 and hex forms.
 */
class SecretsAtRestTest {
  @TempDir Path dir;

  @Test
  void theSqliteFilesHoldNoSecret() throws Exception {
    Map<String, String> secrets;
    try (TestSilo silo = TestSilo.start(dir.resolve("data"), Map.of("SILO_WEBHOOK_ALLOW_PRIVATE", "true"))) {
      secrets = handOutSecrets(silo);
      // looked at while the server runs (the WAL holds the newest pages) and after it stopped
      Map<String, byte[]> files = sqliteFiles(dir.resolve("data"));
      assertThat(String.join("", files.values().stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList()))
          .as("the dump reads rows").contains("http://127.0.0.1:9/hook");
      assertNoneIn(files, secrets);
    }
    assertNoneIn(sqliteFiles(dir.resolve("data")), secrets);
  }

  @Test
  void thePostgresTablesHoldNoSecret() throws Exception {
    assumeThat(PostgresSandbox.configured()).as(PostgresSandbox.SKIPPED).isTrue();
    try (PostgresSandbox sandbox = PostgresSandbox.create();
        TestSilo silo = TestSilo.start(dir.resolve("data"), Map.of(
            "SILO_DATABASE_URL", sandbox.appUrl(), "SILO_DATABASE_MIGRATION_URL", sandbox.ownerUrl(),
            "SILO_WEBHOOK_ALLOW_PRIVATE", "true"))) {
      Map<String, String> secrets = handOutSecrets(silo);
      Map<String, byte[]> tables = postgresTables(sandbox);
      assertThat(tables).containsKeys("api_keys", "s3_credentials", "webhooks", "audit", "outbox");
      assertThat(new String(tables.get("tenants"), StandardCharsets.UTF_8)).as("the dump reads rows").contains("secrets-b");
      assertThat(new String(tables.get("webhooks"), StandardCharsets.UTF_8)).contains("http://127.0.0.1:9/hook");
      assertNoneIn(tables, secrets);
    }
  }

  /** Creates what holds secrets, in two tenants; name → each secret as the client received it. */
  private static Map<String, String> handOutSecrets(TestSilo silo) {
    Map<String, String> secrets = new LinkedHashMap<>();
    for (String slug : List.of("secrets-a", "secrets-b")) {
      Api t = silo.tenant(slug);
      secrets.put(slug + " api key (tenant create)", t.token());
      Api.Resp key = t.post("/v1/keys", "{\"name\":\"second\"}");
      assertThat(key.status()).as(key.toString()).isEqualTo(201);
      secrets.put(slug + " api key", key.json().path("key").asText());
      Api.Resp s3 = t.post("/v1/s3-credentials", "{\"description\":\"laptop\"}");
      assertThat(s3.status()).as(s3.toString()).isEqualTo(201);
      secrets.put(slug + " s3 secret", s3.json().path("secret_access_key").asText());
      Api.Resp opS3 = silo.operator().post("/v1/tenants/" + slug + "/s3-credentials", "{\"description\":\"ops\"}");
      assertThat(opS3.status()).as(opS3.toString()).isEqualTo(201);
      secrets.put(slug + " s3 secret (operator)", opS3.json().path("secret_access_key").asText());
      Api.Resp hook = t.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"object.created\"]}");
      assertThat(hook.status()).as(hook.toString()).isEqualTo(201);
      secrets.put(slug + " webhook secret", hook.json().path("secret").asText());
      assertThat(t.put("/v1/objects/a.txt", "payload", "Content-Type", "text/plain").status()).isEqualTo(201);
      secrets.put(slug + " signed url token", token(t.post("/v1/sign/a.txt", "{\"ttl_seconds\":600}").json().path("url").asText()));
      JsonNode upload = t.post("/v1/uploads", "{\"filename\":\"u.txt\",\"content_type\":\"text/plain\",\"size\":2}").json();
      secrets.put(slug + " upload url token", token(upload.path("upload_url").asText()));
      JsonNode resumable =
          t.post("/v1/uploads", "{\"filename\":\"r.bin\",\"content_type\":\"application/octet-stream\",\"size\":3,\"resumable\":true}").json();
      secrets.put(slug + " resumable upload token", token(resumable.path("upload_url").asText()));
    }
    secrets.values().forEach(s -> assertThat(s).as("every secret was handed out").hasSizeGreaterThan(16));
    return secrets;
  }

  private static String token(String url) {
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      if (pair.startsWith("token=")) {
        return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no token in " + url);
  }

  private static Map<String, byte[]> sqliteFiles(Path data) throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (Stream<Path> s = Files.list(data)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("silo.db")).toList()) {
        files.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    assertThat(files).containsKey("silo.db");
    return files;
  }

  /** Every table of the sandbox's schema, each row as PostgreSQL's text form of the whole row. */
  private static Map<String, byte[]> postgresTables(PostgresSandbox sandbox) throws Exception {
    Map<String, byte[]> tables = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection(sandbox.adminUrl())) {
      List<String> names = new ArrayList<>();
      try (var q = c.prepareStatement("SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'")) {
        q.setString(1, sandbox.schema());
        try (ResultSet r = q.executeQuery()) {
          while (r.next()) {
            names.add(r.getString(1));
          }
        }
      }
      for (String table : names) {
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        try (ResultSet r = c.createStatement().executeQuery("SELECT t::text FROM \"" + sandbox.schema() + "\".\"" + table + "\" t")) {
          while (r.next()) {
            rows.writeBytes(r.getString(1).getBytes(StandardCharsets.UTF_8));
            rows.write('\n');
          }
        }
        tables.put(table, rows.toByteArray());
      }
    }
    return tables;
  }

  private static void assertNoneIn(Map<String, byte[]> places, Map<String, String> secrets) {
    for (var place : places.entrySet()) {
      String asText = new String(place.getValue(), StandardCharsets.ISO_8859_1);
      for (var secret : secrets.entrySet()) {
        for (String form : forms(secret.getValue())) {
          assertThat(asText.contains(form))
              .as("%s found in %s (as %s)", secret.getKey(), place.getKey(), form)
              .isFalse();
        }
      }
    }
  }

  /** The secret as sent, and its bytes in base64 and hex (the ways a careless store would encode it). */
  private static List<String> forms(String secret) {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    List<String> forms = new ArrayList<>(List.of(secret, Base64.getEncoder().encodeToString(bytes), HexFormat.of().formatHex(bytes)));
    // the random part of a prefixed secret (whsec_..., <tenant>_sk_...) on its own
    int cut = secret.lastIndexOf('_');
    if (cut > 0 && secret.length() - cut > 16) {
      forms.add(secret.substring(cut + 1));
    }
    return forms;
  }
}
