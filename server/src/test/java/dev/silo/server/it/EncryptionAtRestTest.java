package dev.silo.server.it;

import static dev.silo.server.it.TenantBlobs.indexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.TenantId;
import dev.silo.core.support.ChannelRegion;
import dev.silo.server.encryption.EncryptingBlobStore;
import dev.silo.testkit.memory.MemoryBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encryption at rest, seen from outside: what the store holds is ciphertext (no run of a known
 * marker), clients get their bytes, sizes and hashes back unchanged on every range, and deleting a
 * tenant leaves its blobs undecryptable with anything Silo holds. Runs on SQLite and the filesystem;
 * {@link EncryptionAtRestOnS3PostgresTest} runs it on PostgreSQL and S3.
 */
class EncryptionAtRestTest {
  private static final byte[] MARKER = "SILO-PLAINTEXT-MARKER-0123456789".getBytes(StandardCharsets.US_ASCII);
  private static final int SEGMENT = 64 * 1024;

  @TempDir Path dir;

  /** Marker runs all through, with a position counter so that a shifted range would show. */
  private static byte[] body(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (i % 64 < MARKER.length) ? MARKER[i % 64] : (byte) ('a' + (i / 64) % 26);
    }
    return b;
  }

  @Test
  void blobsAreCiphertextAndReadBackWhole() throws Exception {
    try (TestSilo silo = TestSilo.start(dir.resolve("data"))) {
      Api t = silo.tenant("enc-a");
      byte[] body = body(3 * SEGMENT + 777);
      Api.Resp put = t.put("/v1/objects/doc.bin", body, "content-type", "application/octet-stream");
      assertThat(put.status()).as(put.toString()).isIn(200, 201);
      assertThat(put.json().path("size").asLong()).isEqualTo(body.length);
      assertThat(put.json().path("etag").asText()).contains(md5(body));

      Map<String, byte[]> raw = silo.rawBlobs("enc-a");
      assertThat(raw).hasSize(1);
      byte[] stored = raw.values().iterator().next();
      assertThat(stored.length).as("stored with header, tags and trailer").isGreaterThan(body.length);
      assertThat(indexOf(stored, MARKER)).as("no plaintext run of the marker in the stored blob").isEqualTo(-1);

      Api.Resp get = t.get("/v1/objects/doc.bin");
      assertThat(get.status()).isEqualTo(200);
      assertThat(get.body().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(body);
    }
  }

  @Test
  void smallObjectsKeptInlineAreSealedInTheirRowsAndARestoredVersionReadsBack() throws Exception {
    try (TestSilo silo = TestSilo.start(dir.resolve("data"))) {
      Api t = silo.tenant("enc-i");
      byte[] first = body(3000);
      byte[] second = body(4000);
      assertThat(t.patch("/v1/buckets/enc-i", "{\"versioning\":\"enabled\"}").status()).isEqualTo(200);
      String v1 = t.put("/v1/objects/small.bin", first, "content-type", "application/octet-stream").json().path("version_id").asText();
      assertThat(t.put("/v1/objects/small.bin", second, "content-type", "application/octet-stream").status()).isIn(200, 201);

      Map<String, byte[]> raw = silo.rawBlobs("enc-i");
      assertThat(raw).as("the current object: one inline row, no file").hasSize(1);
      Map.Entry<String, byte[]> row = raw.entrySet().iterator().next();
      assertThat(row.getKey()).startsWith("i");
      assertThat(new String(row.getValue(), 0, 8, StandardCharsets.US_ASCII)).isEqualTo("SILOINL1");
      assertThat(indexOf(row.getValue(), MARKER)).as("no plaintext in the row").isEqualTo(-1);
      assertThat(t.get("/v1/objects/small.bin").body().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(second);
      assertThat(t.get("/v1/objects/small.bin", "range", "bytes=100-199").body().getBytes(StandardCharsets.ISO_8859_1))
          .isEqualTo(Arrays.copyOfRange(second, 100, 200));

      // a restore copies the old version's row as it is sealed, under a name of its own
      Api.Resp restored = t.post("/v1/objects/small.bin/restore", "{\"version_id\":\"" + v1 + "\"}");
      assertThat(restored.status()).as("%s", restored).isEqualTo(201);
      assertThat(t.get("/v1/objects/small.bin").body().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(first);
      assertThat(t.get("/v1/objects/small.bin?version_id=" + v1).body().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(first);
    }
  }

  @Test
  void rangesAtAndAcrossSegmentBoundaries() throws Exception {
    try (TestSilo silo = TestSilo.start(dir.resolve("data"))) {
      Api t = silo.tenant("enc-r");
      byte[] body = body(4 * SEGMENT + 123);
      assertThat(t.put("/v1/objects/r.bin", body, "content-type", "application/octet-stream").status()).isIn(200, 201);
      // Tink's first segment holds less plain text than the others (the header takes room)
      long[][] ranges = {
        {0, 0}, {0, 99}, {SEGMENT - 40, SEGMENT - 1}, {SEGMENT - 40, SEGMENT + 40}, {SEGMENT - 24, SEGMENT + 24},
        {2L * SEGMENT - 100, 3L * SEGMENT + 100}, {body.length - 1, body.length - 1}, {body.length - 50, body.length - 1},
        {1, body.length - 2}
      };
      for (long[] r : ranges) {
        Api.Resp got = t.get("/v1/objects/r.bin", "range", "bytes=" + r[0] + "-" + r[1]);
        assertThat(got.status()).as("range %d-%d", r[0], r[1]).isEqualTo(206);
        assertThat(got.body().getBytes(StandardCharsets.ISO_8859_1))
            .as("range %d-%d", r[0], r[1])
            .isEqualTo(Arrays.copyOfRange(body, (int) r[0], (int) r[1] + 1));
      }
      Api.Resp suffix = t.get("/v1/objects/r.bin", "range", "bytes=-10");
      assertThat(suffix.body().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(Arrays.copyOfRange(body, body.length - 10, body.length));
    }
  }

  /**
   * A blob file's plain text is a {@link ChannelRegion}, decrypted into whatever buffer reads it
   * (the HTTP layer's pooled ones), and the same bytes as a stream; a changed byte fails the read.
   */
  @Test
  void aBlobFileDecryptsIntoTheReadersBuffersAsAChannelRegion() throws Exception {
    try (TestSilo silo = TestSilo.start(dir.resolve("data"))) {
      Api t = silo.tenant("enc-c");
      byte[] body = body(3 * SEGMENT + 555);
      assertThat(t.put("/v1/objects/c.bin", body, "content-type", "application/octet-stream").status()).isIn(200, 201);
      StorageSpace space = TenantBlobs.storageSpace(silo, silo.settings(), "enc-c");
      Map.Entry<String, byte[]> stored = silo.rawBlobs("enc-c").entrySet().iterator().next();
      dev.silo.store.fs.FsBlobStore files = new dev.silo.store.fs.FsBlobStore(java.nio.file.Files.createDirectories(dir.resolve("aside")));
      files.provision(space);
      BlobName name = new BlobName(stored.getKey());
      files.write(space, name, new ByteArrayInputStream(stored.getValue()));
      EncryptingBlobStore store = new EncryptingBlobStore(files, silo.silo().keyRing(), true);

      long[][] ranges = {{0, body.length - 1}, {SEGMENT - 40, 2L * SEGMENT + 7}, {body.length - 3, body.length - 1}};
      for (long[] r : ranges) {
        byte[] want = Arrays.copyOfRange(body, (int) r[0], (int) r[1] + 1);
        try (InputStream in = store.read(space, name, new dev.silo.core.domain.ByteRange(r[0], r[1]))) {
          assertThat(in).isInstanceOf(ChannelRegion.class);
          ChannelRegion region = (ChannelRegion) in;
          java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(want.length);
          region.channel().position(region.position());
          while (direct.hasRemaining() && region.channel().read(direct) > 0) {
            // Tink fills what it can per call
          }
          byte[] got = new byte[want.length];
          direct.flip().get(got);
          assertThat(got).as("range %d-%d through the channel", r[0], r[1]).isEqualTo(want);
        }
        try (InputStream in = store.read(space, name, new dev.silo.core.domain.ByteRange(r[0], r[1]))) {
          assertThat(in.skip(1)).isEqualTo(Math.min(1, want.length));
          assertThat(in.readAllBytes()).as("range %d-%d as a stream", r[0], r[1])
              .isEqualTo(Arrays.copyOfRange(want, 1, want.length));
        }
      }

      byte[] tampered = stored.getValue().clone();
      tampered[SEGMENT + 100] ^= 1;
      BlobName bad = new BlobName(stored.getKey().substring(0, stored.getKey().length() - 1) + "x");
      files.write(space, bad, new ByteArrayInputStream(tampered));
      assertThatThrownBy(() -> {
        try (InputStream in = store.read(space, bad, null)) {
          in.readAllBytes();
        }
      }).isInstanceOf(IOException.class);
    }
  }

  /**
   * A blob composed of sealed parts (an S3 multipart Complete on the filesystem: the parts' files
   * linked as its pieces) reads whole and in ranges across and within pieces, and a read that has
   * begun goes on to its end when the blob is deleted under it.
   */
  @Test
  void aComposedBlobOfSealedPartsReadsWholeAndSurvivesItsDeleteMidRead() throws Exception {
    try (TestSilo silo = TestSilo.start(dir.resolve("data"))) {
      silo.tenant("enc-p");
      StorageSpace space = TenantBlobs.storageSpace(silo, silo.settings(), "enc-p");
      dev.silo.store.fs.FsBlobStore files = new dev.silo.store.fs.FsBlobStore(java.nio.file.Files.createDirectories(dir.resolve("pieces")));
      files.provision(space);
      EncryptingBlobStore store = new EncryptingBlobStore(files, silo.silo().keyRing(), true);
      byte[] body = body(5 * SEGMENT + 123);
      int cut = 2 * SEGMENT + 50;
      BlobName one = new BlobName("bpart1000000000000000000000");
      BlobName two = new BlobName("bpart2000000000000000000000");
      BlobName composed = new BlobName("bcomposed000000000000000000");
      store.write(space, one, new ByteArrayInputStream(Arrays.copyOf(body, cut)));
      store.write(space, two, new ByteArrayInputStream(Arrays.copyOfRange(body, cut, body.length)));
      assertThat(store.composable().orElseThrow().compose(space, composed, java.util.List.of(one, two))).isEqualTo(body.length);
      store.delete(space, one);
      store.delete(space, two);

      try (InputStream within = store.read(space, composed, new dev.silo.core.domain.ByteRange(cut + 10, cut + 20))) {
        assertThat(within.readAllBytes()).isEqualTo(Arrays.copyOfRange(body, cut + 10, cut + 21));
      }
      try (InputStream whole = store.read(space, composed, null);
          InputStream across = store.read(space, composed, new dev.silo.core.domain.ByteRange(cut - 100, cut + 100))) {
        assertThat(whole.readNBytes(100)).isEqualTo(Arrays.copyOf(body, 100));
        store.delete(space, composed);
        assertThat(store.size(space, composed)).isEmpty();
        assertThat(whole.readAllBytes()).isEqualTo(Arrays.copyOfRange(body, 100, body.length));
        assertThat(across.readAllBytes()).isEqualTo(Arrays.copyOfRange(body, cut - 100, cut + 101));
      }
    }
  }

  @Test
  void encryptionOffWritesPlainTextAndBothStayReadable() throws Exception {
    byte[] encrypted = body(5000);
    byte[] plain = body(6000);
    Api.Resp before;
    try (TestSilo silo = TestSilo.start(dir.resolve("data"))) {
      Api t = silo.tenant("enc-o");
      assertThat(t.put("/v1/objects/enc.bin", encrypted, "content-type", "application/octet-stream").status()).isIn(200, 201);
    }
    try (TestSilo silo = TestSilo.start(dir.resolve("data"), Map.of("SILO_ENCRYPTION", "off"))) {
      Api t = silo.as(silo.operator().post("/v1/tenants/enc-o/keys", "{\"name\":\"again\"}").json().path("key").asText());
      assertThat(t.put("/v1/objects/plain.bin", plain, "content-type", "application/octet-stream").status()).isIn(200, 201);
      Map<String, byte[]> raw = silo.rawBlobs("enc-o");
      assertThat(raw.values().stream().filter(b -> indexOf(b, MARKER) >= 0).count()).as("one blob in plain text").isEqualTo(1);
      assertThat(t.get("/v1/objects/enc.bin").body().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(encrypted);
      assertThat(t.get("/v1/objects/plain.bin").body().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(plain);
      before = t.get("/v1/objects/plain.bin", "range", "bytes=10-19");
      assertThat(before.body().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(Arrays.copyOfRange(plain, 10, 20));
    }
  }

  @Test
  void aWrongMasterKeyStopsTheStartWithOneLine() throws Exception {
    try (TestSilo silo = TestSilo.start(dir.resolve("data"))) {
      assertThat(silo.tenant("enc-k").put("/v1/objects/a", body(100), "content-type", "text/plain").status()).isIn(200, 201);
    }
    byte[] other = new byte[32];
    other[0] = 1;
    assertThatThrownBy(() -> TestSilo.start(dir.resolve("data"), Map.of("SILO_MASTER_KEY", java.util.Base64.getEncoder().encodeToString(other))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("SILO_MASTER_KEY:")
        .hasMessageNotContaining("\n");
  }

  @Test
  void deletingATenantShredsItsKey() throws Exception {
    try (TestSilo silo = TestSilo.start(dir.resolve("data"))) {
      Api t = silo.tenant("enc-s");
      byte[] body = body(2 * SEGMENT);
      assertThat(t.put("/v1/objects/secret.bin", body, "content-type", "application/octet-stream").status()).isIn(200, 201);
      TenantId id = new TenantId(silo.operator().get("/v1/tenants/enc-s").json().path("id").asText());
      StorageSpace space = TenantBlobs.storageSpace(silo, silo.settings(), "enc-s");
      Map.Entry<String, byte[]> copy = silo.rawBlobs("enc-s").entrySet().iterator().next();

      // the copy, put in a store of its own, decrypts with what Silo holds while the tenant lives
      assertThat(decryptCopy(silo, space, copy)).isEqualTo(body);
      assertThat(silo.silo().keyRing().currentVersion(id)).isEqualTo(1);

      assertThat(silo.operator().delete("/v1/tenants/enc-s").status()).isIn(200, 204);
      silo.silo().keyRing().forget(id);

      assertThat(silo.silo().keyRing().currentVersion(id)).as("no key of the tenant is left").isZero();
      assertThatThrownBy(() -> decryptCopy(silo, space, copy)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void rotatingATenantKeyMovesNewWritesAndRotatingTheMasterKeyTouchesNoBlob() throws Exception {
    // on PostgreSQL a database of its own: the class's other tests keep the class's master key
    try (dev.silo.testkit.PostgresSandbox own =
        dev.silo.testkit.PostgresSandbox.configured() && usesPostgres() ? dev.silo.testkit.PostgresSandbox.create() : null) {
      Map<String, String> db = own == null ? Map.of()
          : Map.of("SILO_DATABASE_URL", own.appUrl(), "SILO_DATABASE_MIGRATION_URL", own.ownerUrl());
      rotations(db);
    }
  }

  private boolean usesPostgres() {
    return getClass().isAnnotationPresent(org.junit.jupiter.api.extension.ExtendWith.class);
  }

  private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
    Map<String, String> m = new java.util.HashMap<>(a);
    m.putAll(b);
    return m;
  }

  private void rotations(Map<String, String> db) throws Exception {
    byte[] first = body(70_000);
    byte[] second = body(80_000);
    String oldMaster;
    Map<String, byte[]> blobs;
    try (TestSilo silo = TestSilo.start(dir.resolve("data"), db)) {
      Api t = silo.tenant("enc-rot");
      assertThat(t.put("/v1/objects/first.bin", first, "content-type", "application/octet-stream").status()).isIn(200, 201);
      Api.Resp rotated = silo.operator().post("/v1/tenants/enc-rot/rotate-key", "{}");
      assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
      assertThat(rotated.json().path("key_version").asInt()).isEqualTo(2);
      assertThat(t.post("/v1/tenants/enc-rot/rotate-key", "{}").status()).as("operator only").isIn(401, 403, 404);
      assertThat(t.put("/v1/objects/second.bin", second, "content-type", "application/octet-stream").status()).isIn(200, 201);
      blobs = silo.rawBlobs("enc-rot");
      assertThat(blobs.values().stream().map(EncryptionAtRestTest::trailerKeyVersion).sorted().toList()).containsExactly(1, 2);
      assertThat(t.get("/v1/objects/first.bin").body().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(first);
      oldMaster = silo.settings().getOrDefault("SILO_MASTER_KEY", null);
      if (oldMaster == null) {
        oldMaster = java.nio.file.Files.readString(dir.resolve("data").resolve("master.key")).strip();
      }
    }
    byte[] fresh = new byte[32];
    new java.security.SecureRandom().nextBytes(fresh);
    String newMaster = java.util.Base64.getEncoder().encodeToString(fresh);
    // the new master key, the old one as previous: keys are wrapped again at start, blobs untouched
    try (TestSilo silo = TestSilo.start(dir.resolve("data"), with(db, Map.of(
        "SILO_MASTER_KEY", newMaster, "SILO_MASTER_KEY_VERSION", "2", "SILO_PREVIOUS_MASTER_KEYS", oldMaster)))) {
      assertThat(silo.rawBlobs("enc-rot")).as("no blob rewritten").usingRecursiveComparison().isEqualTo(blobs);
    }
    // the old master key retired: everything still reads, so every key was wrapped again
    try (TestSilo silo = TestSilo.start(dir.resolve("data"), with(db, Map.of("SILO_MASTER_KEY", newMaster, "SILO_MASTER_KEY_VERSION", "2")))) {
      Api t = silo.as(silo.operator().post("/v1/tenants/enc-rot/keys", "{\"name\":\"again\"}").json().path("key").asText());
      assertThat(t.get("/v1/objects/first.bin").body().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(first);
      assertThat(t.get("/v1/objects/second.bin", "range", "bytes=70000-70099").body().getBytes(StandardCharsets.ISO_8859_1))
          .isEqualTo(Arrays.copyOfRange(second, 70000, 70100));
    }
  }

  private static int trailerKeyVersion(byte[] blob) {
    return java.nio.ByteBuffer.wrap(blob, blob.length - 24, 4).getInt();
  }

  private static byte[] decryptCopy(TestSilo silo, StorageSpace space, Map.Entry<String, byte[]> copy) throws IOException {
    MemoryBlobStore aside = new MemoryBlobStore();
    aside.provision(space);
    aside.write(space, new BlobName(copy.getKey()), new ByteArrayInputStream(copy.getValue()));
    try (InputStream in = new EncryptingBlobStore(aside, silo.silo().keyRing(), true).read(space, new BlobName(copy.getKey()), null)) {
      return in.readAllBytes();
    }
  }

  private static String md5(byte[] b) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(b));
  }
}
