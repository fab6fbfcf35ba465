package dev.silo.server;

import static dev.silo.server.it.TenantBlobs.indexOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code silo reencrypt} moves plain-text and old-key objects to the tenant's newest key, blobs and
 * inline rows alike: after it, every stored blob is sealed with that version and holds no plain text, every object reads
 * back as written, and a second run finds nothing to do.
 */
class ReencryptCommandTest {
  private static final byte[] MARKER = "REENCRYPT-PLAINTEXT-MARKER".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;

  private static byte[] body(int size, int seed) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = i % 100 < MARKER.length ? MARKER[i % 100] : (byte) ('a' + (i / 100 + seed) % 26);
    }
    return b;
  }

  @Test
  void rewritesPlainAndOldKeyObjectsUnderTheNewestKeyAndResumes() throws Exception {
    byte[] plain = body(150_000, 1);
    byte[] old = body(5_000, 2);
    Map<String, String> settings;
    String key;
    String oldVersion;
    try (TestSilo silo = TestSilo.start(dir.resolve("data"), Map.of("SILO_ENCRYPTION", "off"))) {
      Api t = silo.tenant("reenc");
      key = t.token();
      assertThat(t.put("/v1/objects/plain.bin", plain, "content-type", "application/octet-stream").status()).isIn(200, 201);
    }
    try (TestSilo silo = TestSilo.start(dir.resolve("data"))) {
      Api t = silo.as(key);
      assertThat(t.patch("/v1/buckets/reenc", "{\"versioning\":\"enabled\"}").status()).isEqualTo(200);
      Api.Resp put = t.put("/v1/objects/old.bin", old, "content-type", "application/octet-stream");
      assertThat(put.status()).isIn(200, 201);
      oldVersion = put.json().path("version_id").asText();
      assertThat(silo.operator().post("/v1/tenants/reenc/rotate-key", "{}").json().path("key_version").asInt()).isEqualTo(2);
      assertThat(silo.rawBlobs("reenc").values().stream().filter(b -> indexOf(b, MARKER) >= 0).count()).isEqualTo(1);
      settings = new HashMap<>(silo.settings());
    }

    assertThat(reencrypt(settings)).contains("objects 2: rewritten 2, already at the newest key 0, failed 0");
    assertThat(reencrypt(settings)).as("resumed: nothing left").contains("objects 2: rewritten 0, already at the newest key 2, failed 0");

    try (TestSilo silo = TestSilo.start(dir.resolve("data"))) {
      Api t = silo.as(key);
      Map<String, byte[]> raw = silo.rawBlobs("reenc");
      assertThat(raw).hasSize(2);
      assertThat(raw.keySet()).as("the small object is a row, the big one a file").anyMatch(n -> n.startsWith("i")).anyMatch(n -> n.startsWith("b"));
      for (Map.Entry<String, byte[]> e : raw.entrySet()) {
        byte[] b = e.getValue();
        assertThat(indexOf(b, MARKER)).isEqualTo(-1);
        // a blob's key version is in its trailer, an inline row's after its 8-byte header
        int version = ByteBuffer.wrap(b, e.getKey().startsWith("i") ? 8 : b.length - 24, 4).getInt();
        assertThat(version).as("sealed with the newest version").isEqualTo(2);
      }
      assertThat(t.get("/v1/objects/plain.bin").body().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(plain);
      assertThat(t.get("/v1/objects/old.bin").body().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(old);
      Api.Resp byVersion = t.get("/v1/objects/old.bin?version_id=" + oldVersion);
      assertThat(byVersion.status()).as("a rewritten object keeps its version").isEqualTo(200);
      assertThat(byVersion.header("X-Silo-Version-Id")).contains(oldVersion);
      Api.Resp head = t.get("/v1/objects/plain.bin", "range", "bytes=65000-66000");
      assertThat(head.body().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(java.util.Arrays.copyOfRange(plain, 65000, 66001));
    }
  }

  private static String reencrypt(Map<String, String> settings) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ReencryptCommand command = new ReencryptCommand();
    int code = command.run(Config.load(settings, Map.of()), new PrintWriter(out), new PrintWriter(err));
    assertThat(code).as(err.toString()).isZero();
    return out.toString();
  }
}
