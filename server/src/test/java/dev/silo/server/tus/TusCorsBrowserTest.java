package dev.silo.server.tus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.silo.server.console.BrowserScript;
import dev.silo.server.console.ConsoleFiles;
import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tus-js-client in a real browser, on a page of another origin than Silo's ({@code
 * server/src/test/browser/tus-cors.mjs}): a tenant's web app lets its pages upload to its bucket
 * with the bucket's own CORS rules, the operator allowing no origin. The page is served by the test
 * on a port of its own, with tus-js-client's browser build.
 */
class TusCorsBrowserTest {
  @TempDir Path dir;

  @Test
  void aPageOfAnOriginTheBucketAllowsUploadsInChunksOrInParallelAndAnotherCannotStart() throws Exception {
    BrowserScript.assumeRunnable();
    Path tusJs = ConsoleFiles.inRepo("server/src/test/node/node_modules/tus-js-client/dist/tus.min.js");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(tusJs),
        "tus-js-client is not installed: run `npm ci --prefix server/src/test/node` (skipping)");
    HttpServer pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] html = "<!doctype html><html lang=\"en\"><title>app</title><script src=\"/tus.min.js\"></script><p>app</p></html>"
        .getBytes(StandardCharsets.UTF_8);
    byte[] js = Files.readAllBytes(tusJs);
    pages.createContext("/", ex -> {
      boolean script = ex.getRequestURI().getPath().equals("/tus.min.js");
      byte[] body = script ? js : html;
      ex.getResponseHeaders().set("Content-Type", script ? "text/javascript" : "text/html; charset=utf-8");
      ex.sendResponseHeaders(200, body.length);
      try (var out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    pages.start();
    String origin = "http://127.0.0.1:" + pages.getAddress().getPort();
    try (TestSilo silo = TestSilo.start(dir.resolve("silo"))) {
      Api app = silo.tenant("webapp");
      Api.Resp rules = app.put("/v1/buckets/webapp/cors", "{\"rules\":[{\"allowed_origins\":[\"" + origin + "\"],"
          + "\"allowed_methods\":[\"GET\",\"HEAD\",\"POST\",\"PATCH\",\"DELETE\"],\"allowed_headers\":[\"*\"],"
          + "\"expose_headers\":[\"ETag\",\"Location\",\"Upload-Offset\",\"Upload-Length\",\"Tus-Resumable\"]}]}",
          "Content-Type", "application/json");
      assertThat(rules.status()).as(rules.body()).isEqualTo(200);
      // what the app's back end does for each file: reserve an upload for the page
      Api.Resp reserved = app.post("/v1/uploads",
          "{\"filename\":\"from-page.bin\",\"content_type\":\"application/octet-stream\",\"size\":307200,\"resumable\":true}");
      Api.Resp second = app.post("/v1/uploads", "{\"filename\":\"other.bin\",\"content_type\":\"application/octet-stream\",\"resumable\":true}");
      Api.Resp parallel = app.post("/v1/uploads",
          "{\"filename\":\"parallel.bin\",\"content_type\":\"application/octet-stream\",\"size\":204800,\"resumable\":true}");
      String key = reserved.json().path("key").asText();
      // the back end's own endpoint that signs a download once the upload is done (served by the test's page server)
      pages.createContext("/signed", ex -> {
        byte[] url = app.post("/v1/sign/" + key, "{\"ttl_seconds\":600}").json().path("url").asText().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, url.length);
        try (var out = ex.getResponseBody()) {
          out.write(url);
        }
      });

      JsonNode out = new ObjectMapper().readTree(BrowserScript.run("tus-cors.mjs", Map.of(
          "PAGE_URL", origin + "/", "UPLOAD_URL", reserved.json().path("upload_url").asText(),
          "OTHER_UPLOAD_URL", second.json().path("upload_url").asText(),
          "PARALLEL_UPLOAD_URL", parallel.json().path("upload_url").asText(), "SIGNED_URL_OF", origin + "/signed"),
          Duration.ofSeconds(120)).getLast());

      assertThat(out.path("ok").asBoolean()).as(out.toString()).isTrue();
      assertThat(out.path("uploaded").path("chunks").size()).as("three chunks").isEqualTo(3);
      assertThat(out.path("readBack").path("status").asInt()).isEqualTo(200);
      assertThat(out.path("readBack").path("same").asBoolean()).as("the bytes the page sent").isTrue();
      assertThat(out.path("readBack").path("etag").asText()).as("exposed by the rule").isNotBlank();
      assertThat(out.path("refused").asText()).isEqualTo("refused");
      byte[] expected = new byte[204800];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = (byte) ((i * 7) % 251);
      }
      assertThat(out.path("parallel").path("url").asText()).as("the final upload, through the token").contains("?token=");
      assertThat(TusJsClient.sha256Of(silo.url() + "/v1/objects/" + parallel.json().path("key").asText(), app.token()))
          .as("the two partial uploads joined, as the page sent them")
          .isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(expected)));
      assertThat(app.get("/v1/info/" + key).json().path("size").asLong()).isEqualTo(307200);
      assertThat(app.get("/v1/audit?action=bucket.cors").json().path("items")).hasSize(1);
    } finally {
      pages.stop(0);
    }
  }
}
