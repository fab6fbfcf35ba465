package dev.silo.server.tus;

import static dev.silo.server.it.TenantBlobs.indexOf;
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
 * An upload keeps the form its first chunk gave it when a restart turns encryption at rest on or
 * off before its last chunk: on the filesystem the chunks after the restart grow the same blob the
 * same way, on S3 ({@link TusEncryptionSettingChangeOnS3Test}) the parts after it join an assembly
 * of the same form, and the object reads back as sent. The first chunk fills a part and more.
 */
class TusEncryptionSettingChangeTest {
  private static final byte[] MARKER = "TUS-PLAINTEXT-MARKER".getBytes(StandardCharsets.US_ASCII);
  /** Past S3's 8 MiB part: one part is in the assembly before the restart. */
  private static final int FIRST = 9 << 20;

  @TempDir Path dir;

  @ParameterizedTest(name = "begun with encryption {0}, finished with it {1}")
  @CsvSource({"off, on", "on, off"})
  void anUploadKeepsItsFormAcrossARestartWithTheOtherSetting(String before, String after) throws Exception {
    byte[] data = new byte[12 << 20];
    for (int i = 0; i < data.length; i++) {
      data[i] = i % 50 < MARKER.length ? MARKER[i % 50] : (byte) ('a' + (i / 50) % 26);
    }
    Path dataDir = dir.resolve("data");
    String slug = "tusform-" + before; // a bucket of its own on S3
    String key;
    String upload;
    try (TestSilo silo = TestSilo.start(dataDir, Map.of("SILO_ENCRYPTION", before))) {
      Api a = silo.tenant(slug);
      key = a.token();
      upload = URI.create(new Tus(a).create(data.length, Tus.meta("key", "form.bin")).header("Location").orElseThrow()).getPath();
      assertThat(new Tus(a).patch(upload, 0, Arrays.copyOf(data, FIRST)).status()).isEqualTo(204);
    }
    try (TestSilo silo = TestSilo.start(dataDir, Map.of("SILO_ENCRYPTION", after))) {
      Api a = silo.as(key);
      assertThat(new Tus(a).patch(upload, FIRST, Arrays.copyOfRange(data, FIRST, data.length)).status()).isEqualTo(204);
      assertThat(a.get("/v1/objects/form.bin").body().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(data);
      assertThat(silo.awaitBlobs(slug, 1)).as("the object's blob alone").hasSize(1);
      byte[] stored = silo.rawBlobs(slug).values().iterator().next();
      assertThat(indexOf(stored, MARKER) >= 0).as("stored in plain text").isEqualTo(before.equals("off"));
    }
  }
}
