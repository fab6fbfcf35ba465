package dev.silo.server.it;

import static dev.silo.server.it.Checks.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SILO_PRESIGN_MODE=direct}: the browser PUTs straight to the S3 backend at the URL Silo
 * presigned (Silo chose bucket and key), and complete verifies the blob with HEAD before
 * publishing; download links are the backend's presigned GETs. Run by {@link DirectPresignOnS3Test}
 * (bucket per tenant) and {@link DirectPresignOnS3PrefixTest} (shared bucket).
 */
abstract class DirectPresignFlow {
  @TempDir static Path dir;
  static TestSilo silo;
  static Api acme;
  static Api other;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("data"), Map.of("SILO_PRESIGN_MODE", "direct"));
    acme = silo.tenant("direct-acme");
    other = silo.tenant("direct-other");
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  @Test
  void browserUploadsToTheBackendAndCompleteVerifiesWithHead() throws Exception {
    byte[] csv = "ts,value\n2024-01-01,1\n2024-01-02,2\n".getBytes(StandardCharsets.UTF_8);
    Api.Resp init =
        acme.post("/v1/uploads", "{\"filename\":\"data.csv\",\"content_type\":\"text/csv\",\"size\":" + csv.length + "}");
    assertThat(init.status()).isEqualTo(201);
    JsonNode ticket = init.json();
    String id = ticket.path("object_id").asText();
    String key = ticket.path("key").asText();
    String url = ticket.path("upload_url").asText();
    assertThat(url).doesNotStartWith(silo.url()).contains("X-Amz-Signature=");
    assertThat(ticket.path("method").asText()).isEqualTo("PUT");
    assertThat(ticket.path("headers").path("Content-Type").asText()).isEqualTo("text/csv");

    assertError(acme.post("/v1/uploads/" + id + "/complete", ""), 409, "upload_incomplete");

    // the signature pins the content type
    assertThat(putDirect(url, "application/json", csv)).isEqualTo(403);
    // a short body reaches the backend, but complete's HEAD refuses it
    assertThat(putDirect(url, "text/csv", "ts\n".getBytes(StandardCharsets.UTF_8))).isEqualTo(200);
    assertError(acme.post("/v1/uploads/" + id + "/complete", ""), 400, "incomplete_body");
    assertError(acme.get("/v1/ids/" + id), 404, "object_not_found");

    assertThat(putDirect(url, "text/csv", csv)).isEqualTo(200);
    assertError(other.post("/v1/uploads/" + id + "/complete", ""), 404, "object_not_found");
    Api.Resp done = acme.post("/v1/uploads/" + id + "/complete", "");
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.json().path("size").asLong()).isEqualTo(csv.length);
    assertThat(done.json().path("status").asText()).isEqualTo("ready");
    assertThat(done.json().path("sha256").asText())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csv)));

    assertThat(acme.get("/v1/objects/" + key).body()).isEqualTo(new String(csv, StandardCharsets.UTF_8));
    assertThat(acme.get("/v1/tenant").json().at("/usage/objects").asLong()).isEqualTo(1);
    assertThat(acme.post("/v1/uploads/" + id + "/complete", "").status()).isEqualTo(200);
    assertThat(silo.awaitBlobs("direct-acme", 1)).hasSize(1);

    // downloads go straight to the backend too, typed and named like the object, ranges included
    String download = acme.get("/v1/ids/" + id + "/download-url").json().path("url").asText();
    assertThat(download).doesNotStartWith(silo.url()).contains("X-Amz-Signature=");
    HttpResponse<String> got = http.send(HttpRequest.newBuilder(URI.create(download)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(new String(csv, StandardCharsets.UTF_8));
    assertThat(got.headers().firstValue("Content-Type")).hasValue("text/csv");
    assertThat(got.headers().firstValue("Content-Disposition").orElse("")).contains("data.csv");
    HttpResponse<String> ranged =
        http.send(HttpRequest.newBuilder(URI.create(download)).header("Range", "bytes=0-1").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ranged.statusCode()).isEqualTo(206);
    assertThat(ranged.body()).isEqualTo("ts");
    String tampered = download.replace("X-Amz-Signature=", "X-Amz-Signature=0");
    assertThat(http.send(HttpRequest.newBuilder(URI.create(tampered)).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(403);
  }

  private int putDirect(String url, String contentType, byte[] body) throws Exception {
    HttpRequest put =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", contentType)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.send(put, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
