package dev.silo.server.tus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TUS {@code Upload-Metadata} as object metadata (issue 12): the keys Silo reads itself (key,
 * bucket, filename, filetype, category), the standard headers under camelCase keys, and every
 * other key as user metadata, under the same limit and reserved names as the other protocols.
 */
class TusMetadataTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static Api api;
  static Tus tus;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("data"));
    api = silo.tenant("tus-meta");
    tus = new Tus(api);
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  @Test
  void uploadMetadataBecomesHeadersAndUserMetadataOfTheObject() {
    byte[] body = "resumable body".getBytes(StandardCharsets.UTF_8);
    Api.Resp created = tus.createWithUpload(body.length, Tus.meta(
        "key", "tus/report.txt", "filename", "report.txt", "filetype", "text/plain",
        "cacheControl", "max-age=120", "contentDisposition", "attachment; filename=\"report.txt\"",
        "contentEncoding", "identity", "contentLanguage", "it", "expires", "Wed, 01 Jan 2031 00:00:00 GMT",
        "camera", "x100", "relativePath", "null"), body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.header("Upload-Offset")).hasValue(Integer.toString(body.length));

    Api.Resp get = api.get("/v1/objects/tus/report.txt");
    assertThat(get.body()).isEqualTo("resumable body");
    assertThat(get.header("Cache-Control")).hasValue("max-age=120");
    assertThat(get.header("Content-Disposition")).hasValue("attachment; filename=\"report.txt\"");
    assertThat(get.header("Content-Encoding")).hasValue("identity");
    assertThat(get.header("Content-Language")).hasValue("it");
    assertThat(get.header("Expires")).hasValue("Wed, 01 Jan 2031 00:00:00 GMT");
    assertThat(get.header("X-Silo-Meta-Camera")).hasValue("x100");
    JsonNode info = api.get("/v1/info/tus/report.txt").json();
    assertThat(info.path("metadata").toString()).isEqualTo("{\"camera\":\"x100\",\"relativepath\":\"null\"}");
    assertThat(info.path("headers").path("content_language").asText()).isEqualTo("it");
  }

  @Test
  void oversizedOrReservedMetadataIsRefusedAtCreation() {
    Api.Resp big = tus.create(10, Tus.meta("filename", "a.bin", "big", "v".repeat(2100)));
    assertThat(big.status()).as(big.toString()).isEqualTo(400);
    assertThat(big.errorCode()).isEqualTo("metadata_too_large");
    Api.Resp reserved = tus.create(10, Tus.meta("filename", "a.bin", "silo-multipart-etag", "0123-2"));
    assertThat(reserved.status()).as(reserved.toString()).isEqualTo(400);
    assertThat(reserved.errorCode()).isEqualTo("invalid_metadata");
    Api.Resp badHeader = tus.create(10, Tus.meta("filename", "a.bin", "cacheControl", "max-age=1\r\nSet-Cookie: a=b"));
    assertThat(badHeader.status()).as(badHeader.toString()).isEqualTo(400);
    assertThat(badHeader.errorCode()).isEqualTo("invalid_header");
  }
}
