package dev.silo.server.tus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * On the filesystem an upload keeps the form its first chunk gave it when a restart turns
 * encryption at rest on or off before its last chunk: the chunks after the restart grow the same
 * blob the same way, and the object reads back as sent.
 */
class TusEncryptionSettingChangeTest {
  private static final byte[] MARKER = "TUS-PLAINTEXT-MARKER".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;

  @ParameterizedTest(name = "begun with encryption {0}, finished with it {1}")
  @CsvSource({"off, on", "on, off"})
  void anUploadKeepsItsFormAcrossARestartWithTheOtherSetting(String before, String after) throws Exception {
    byte[] data = new byte[200_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = i % 50 < MARKER.length ? MARKER[i % 50] : (byte) ('a' + (i / 50) % 26);
    }
    Path dataDir = dir.resolve("data");
    String key;
    String upload;
    try (TestSilo silo = TestSilo.start(dataDir, Map.of("SILO_ENCRYPTION", before))) {
      Api a = silo.tenant("tusform");
      key = a.token();
      upload = URI.create(new Tus(a).create(data.length, Tus.meta("key", "form.bin")).header("Location").orElseThrow()).getPath();
      assertThat(new Tus(a).patch(upload, 0, Arrays.copyOf(data, 70_000)).status()).isEqualTo(204);
    }
    try (TestSilo silo = TestSilo.start(dataDir, Map.of("SILO_ENCRYPTION", after))) {
      Api a = silo.as(key);
      assertThat(new Tus(a).patch(upload, 70_000, Arrays.copyOfRange(data, 70_000, data.length)).status()).isEqualTo(204);
      assertThat(a.get("/v1/objects/form.bin").body().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(data);
      assertThat(silo.rawBlobs("tusform")).as("the upload's blob is the object's").hasSize(1);
      byte[] stored = silo.rawBlobs("tusform").values().iterator().next();
      assertThat(indexOf(stored, MARKER) >= 0).as("stored in plain text").isEqualTo(before.equals("off"));
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
