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
    // the chunk made by hand below is plain bytes added to the upload's file: an upload in plain text
    silo = TestSilo.start(dir.resolve("data"), java.util.Map.of("SILO_ENCRYPTION", "off"));
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
    leaveFullButUnpublished(loc, Arrays.copyOfRange(data, 1000, 2000));
    assertThat(t.get("/v1/info/tus/crashed.bin").status()).as("not published yet").isEqualTo(404);

    Api.Resp head = tus.head(loc);

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Upload-Offset")).contains("2000");
    Api.Resp info = t.get("/v1/info/tus/crashed.bin");
    assertThat(info.status()).isEqualTo(200);
    assertThat(info.json().path("sha256").asText()).isEqualTo(java.util.HexFormat.of().formatHex(sha256(data)));
    assertThat(tus.head(loc).status()).as("and only once").isEqualTo(200);
  }

  @Test
  void anEmptyPatchAtTheFullOffsetPublishesItToo() throws Exception {
    byte[] data = bytes(1500, 62);
    String loc = created(tus.create(data.length, Tus.meta("filename", "p", "key", "tus/crashed-patch.bin")));
    assertThat(tus.patch(loc, 0, Arrays.copyOf(data, 500)).status()).isEqualTo(204);
    leaveFullButUnpublished(loc, Arrays.copyOfRange(data, 500, data.length));
    assertThat(t.get("/v1/info/tus/crashed-patch.bin").status()).isEqualTo(404);

    Api.Resp patch = tus.patch(loc, data.length, new byte[0]);

    assertThat(patch.status()).isEqualTo(204);
    assertThat(t.get("/v1/info/tus/crashed-patch.bin").json().path("sha256").asText())
        .isEqualTo(java.util.HexFormat.of().formatHex(sha256(data)));
  }


  /**
   * What a node that stopped between committing the last chunk and publishing leaves behind: the
   * last bytes in the partial file and the offset full, the running hashes moved with it (as the
   * commit does: SHA-256 and MD5 states, base64, dot-separated), with no object yet.
   */
  private static void leaveFullButUnpublished(String loc, byte[] rest) throws Exception {
    String id = loc.substring(loc.lastIndexOf('/') + 1);
    try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + silo.dataDir().resolve("silo.db"))) {
      String partial;
      long offset;
      String hashes;
      try (var q = db.prepareStatement("SELECT partial_blob, upload_offset, hash_state FROM resumable_uploads WHERE id = ?")) {
        q.setString(1, id);
        try (var row = q.executeQuery()) {
          assertThat(row.next()).isTrue();
          partial = row.getString(1);
          offset = row.getLong(2);
          hashes = row.getString(3);
        }
      }
      Path file;
      try (var files = java.nio.file.Files.walk(silo.dataDir().resolve("blobs"))) {
        file = files.filter(p -> p.getFileName().toString().equals(partial)).findFirst().orElseThrow();
      }
      java.nio.file.Files.write(file, rest, java.nio.file.StandardOpenOption.APPEND);
      try (var full = db.prepareStatement("UPDATE resumable_uploads SET upload_offset = ?, hash_state = ? WHERE id = ?")) {
        full.setLong(1, offset + rest.length);
        full.setString(2, hashedOn(hashes, rest));
        full.setString(3, id);
        assertThat(full.executeUpdate()).isEqualTo(1);
      }
    }
  }

  private static String hashedOn(String state, byte[] more) {
    var b64 = java.util.Base64.getDecoder();
    String[] two = state.split("\\.");
    var sha = new org.bouncycastle.crypto.digests.SHA256Digest(b64.decode(two[0]));
    var md5 = new org.bouncycastle.crypto.digests.MD5Digest(b64.decode(two[1]));
    sha.update(more, 0, more.length);
    md5.update(more, 0, more.length);
    var enc = java.util.Base64.getEncoder();
    return enc.encodeToString(sha.getEncodedState()) + "." + enc.encodeToString(md5.getEncodedState());
  }
}
