package dev.silo.server.tus;

import static dev.silo.server.tus.TusProtocolTest.bytes;
import static dev.silo.server.tus.TusProtocolTest.created;
import static dev.silo.server.tus.TusProtocolTest.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery of an upload whose node stopped between its last chunk and its publication (filesystem). */
class TusUnpublishedUploadTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static Api t;
  static Tus tus;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("data"));
    t = silo.tenant("tus-recover");
    tus = new Tus(t);
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  /**
   * A node that stopped after committing the last chunk but before publishing (as kill -9 at that
   * point would leave it, made here by hand: the bytes in the partial file, the offset full, no
   * object) publishes on the next HEAD, so a client that finds the full offset finds the object.
   */
  @Test
  void anUploadLeftFullButUnpublishedIsPublishedOnTheNextHead() throws Exception {
    byte[] data = bytes(2000, 61);
    String loc = created(tus.create(data.length, Tus.meta("filename", "c", "key", "tus/crashed.bin")));
    assertThat(tus.patch(loc, 0, Arrays.copyOf(data, 1000)).status()).isEqualTo(204);
    String id = loc.substring(loc.lastIndexOf('/') + 1);
    String partial;
    try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + silo.dataDir().resolve("silo.db"))) {
      try (var q = db.prepareStatement("SELECT partial_blob FROM resumable_uploads WHERE id = ?")) {
        q.setString(1, id);
        try (var row = q.executeQuery()) {
          assertThat(row.next()).isTrue();
          partial = row.getString(1);
        }
      }
      Path file;
      try (var files = java.nio.file.Files.walk(silo.dataDir().resolve("blobs"))) {
        file = files.filter(p -> p.getFileName().toString().equals(partial)).findFirst().orElseThrow();
      }
      java.nio.file.Files.write(file, Arrays.copyOfRange(data, 1000, 2000), java.nio.file.StandardOpenOption.APPEND);
      try (var full = db.prepareStatement("UPDATE resumable_uploads SET upload_offset = 2000 WHERE id = ?")) {
        full.setString(1, id);
        assertThat(full.executeUpdate()).isEqualTo(1);
      }
    }
    assertThat(t.get("/v1/info/tus/crashed.bin").status()).as("not published yet").isEqualTo(404);

    Api.Resp head = tus.head(loc);

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Upload-Offset")).contains("2000");
    Api.Resp info = t.get("/v1/info/tus/crashed.bin");
    assertThat(info.status()).isEqualTo(200);
    assertThat(info.json().path("sha256").asText()).isEqualTo(java.util.HexFormat.of().formatHex(sha256(data)));
    assertThat(tus.head(loc).status()).as("and only once").isEqualTo(200);
  }

}
