package dev.silo.server.tus;

import static dev.silo.server.it.TenantBlobs.indexOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TUS upload in chunks is stored encrypted, on the filesystem each chunk appended to the
 * upload's one blob, which becomes the object's blob, and reads back as sent.
 */
class TusEncryptedTest {
  private static final byte[] MARKER = "TUS-PLAINTEXT-MARKER".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;

  @Test
  void chunksAndTheObjectAreCiphertext() throws Exception {
    try (TestSilo silo = TestSilo.start(dir.resolve("data"))) {
      Api a = silo.tenant("tusenc");
      Tus tus = new Tus(a);
      byte[] data = new byte[300_000];
      for (int i = 0; i < data.length; i++) {
        data[i] = i % 50 < MARKER.length ? MARKER[i % 50] : (byte) ('a' + (i / 50) % 26);
      }
      String loc = tus.create(data.length, Tus.meta("filename", "t.bin", "key", "tus/enc.bin")).header("Location").orElseThrow();
      assertThat(tus.patch(loc, 0, Arrays.copyOfRange(data, 0, 100_000)).status()).isEqualTo(204);
      assertThat(silo.rawBlobs("tusenc")).as("the upload's one blob").hasSize(1);
      for (byte[] blob : silo.rawBlobs("tusenc").values()) {
        assertThat(indexOf(blob, MARKER)).as("a stored chunk").isEqualTo(-1);
      }
      assertThat(tus.patch(loc, 100_000, Arrays.copyOfRange(data, 100_000, data.length)).status()).isEqualTo(204);
      assertThat(a.get("/v1/objects/tus/enc.bin").body().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(data);
      assertThat(a.get("/v1/objects/tus/enc.bin", "range", "bytes=99990-100010").body().getBytes(StandardCharsets.ISO_8859_1))
          .isEqualTo(Arrays.copyOfRange(data, 99_990, 100_011));
      assertThat(silo.rawBlobs("tusenc")).as("the upload's blob is the object's").hasSize(1);
      for (byte[] blob : silo.rawBlobs("tusenc").values()) {
        assertThat(indexOf(blob, MARKER)).as("a stored blob").isEqualTo(-1);
      }
    }
  }
}
