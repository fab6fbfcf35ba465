package dev.silo.server.encryption;

import static dev.silo.server.it.TenantBlobs.indexOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.AppendableBlobs;
import dev.silo.core.spi.BlobStore;
import dev.silo.server.it.TenantBlobs;
import dev.silo.server.it.TestSilo;
import dev.silo.store.fs.FsBlobStore;
import dev.silo.testkit.AppendableBlobsContract;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TUS uploads on the filesystem with encryption: each chunk appended to the upload's blob as a
 * unit of its own, the blob read back whole and in ranges across chunks, and recovery: a chunk a
 * crash tore (no trailer), a whole chunk never committed, a cut back on another node or after a
 * restart (a new store, which knows nothing of earlier appends), and an upload that keeps the form
 * its first chunk gave it when the setting changes.
 */
class EncryptingAppenderTest {
  private static final byte[] MARKER = "APPENDED-PLAINTEXT-MARKER".getBytes(StandardCharsets.US_ASCII);

  @TempDir static Path dir;
  static TestSilo silo;
  static StorageSpace space;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("data"));
    silo.tenant("appends");
    space = TenantBlobs.storageSpace(silo, silo.settings(), "appends");
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  /** The contract of every store that grows blobs, kept with encryption on. */
  @Nested
  class Contract extends AppendableBlobsContract {
    @Override
    protected BlobStore newStore(Path root) {
      return new EncryptingBlobStore(new FsBlobStore(root), silo.silo().keyRing(), true);
    }

    @Override
    protected StorageSpace newSpace() {
      return EncryptingAppenderTest.space; // the inherited field would shadow it
    }
  }

  private final BlobName name = new BlobName("b0123456789abcdefghijklmnop");
  private FsBlobStore files;

  @BeforeEach
  void files(@TempDir Path root) throws IOException {
    files = new FsBlobStore(root);
    files.provision(space);
  }

  /** A store over the same files, as a node that has not appended to them before sees them. */
  private EncryptingBlobStore node(boolean encrypt) {
    return new EncryptingBlobStore(files, silo.silo().keyRing(), encrypt);
  }

  private static AppendableBlobs appender(BlobStore store) {
    return store.appendable().orElseThrow();
  }

  @Test
  void eachChunkIsAUnitAndTheBlobReadsBackWholeAndInRanges() throws IOException {
    EncryptingBlobStore store = node(true);
    byte[] a = marked(70_000, 1);
    byte[] b = marked(1, 2);
    byte[] c = marked(200_000, 3);
    assertThat(appender(store).append(space, name, 0, in(a))).isEqualTo(a.length);
    assertThat(appender(store).append(space, name, a.length, in(b))).isEqualTo(1);
    assertThat(appender(store).append(space, name, a.length + 1, in(c))).isEqualTo(c.length);

    byte[] all = concat(a, b, c);
    assertThat(read(store, null)).isEqualTo(all);
    assertThat(read(store, new ByteRange(69_990, 70_010))).isEqualTo(Arrays.copyOfRange(all, 69_990, 70_011));
    assertThat(store.size(space, name)).hasValue(all.length);
    assertThat(units()).isEqualTo(3);
    assertThat(indexOf(raw(), MARKER)).as("no plain text on disk").isEqualTo(-1);
  }

  @Test
  void aReadOfManyUnitsGoesOnWhenTheBlobIsDeletedUnderIt() throws IOException {
    EncryptingBlobStore store = node(true);
    byte[] a = marked(100_000, 16);
    byte[] b = marked(100_000, 17);
    byte[] c = marked(100_000, 18);
    appender(store).append(space, name, 0, in(a));
    appender(store).append(space, name, a.length, in(b));
    appender(store).append(space, name, 2L * a.length, in(c));
    byte[] all = concat(a, b, c);

    try (InputStream whole = store.read(space, name, null);
        InputStream range = store.read(space, name, new ByteRange(90_000, 210_000))) {
      assertThat(whole.readNBytes(10)).isEqualTo(Arrays.copyOf(all, 10));
      store.delete(space, name); // as an overwrite's reaper does while a GET streams
      assertThat(files.size(space, name)).isEmpty();
      assertThat(whole.readAllBytes()).isEqualTo(Arrays.copyOfRange(all, 10, all.length));
      assertThat(range.readAllBytes()).isEqualTo(Arrays.copyOfRange(all, 90_000, 210_001));
    }
  }

  /**
   * A store whose reads are streams (S3's are): a read of several units is one request of the
   * store, decrypting each unit as it comes, whether the range starts and ends inside units or not.
   */
  @Test
  void aRemoteStoreReadsSeveralUnitsInOneRequest() throws IOException {
    Remote remote = new Remote(new dev.silo.testkit.memory.MemoryBlobStore());
    EncryptingBlobStore store = new EncryptingBlobStore(remote, silo.silo().keyRing(), true);
    byte[] a = marked(70_000, 19);
    byte[] b = marked(1, 20);
    byte[] c = marked(200_000, 21);
    appender(store).append(space, name, 0, in(a));
    appender(store).append(space, name, a.length, in(b));
    appender(store).append(space, name, a.length + 1, in(c));
    byte[] all = concat(a, b, c);
    assertThat(read(store, null)).isEqualTo(all); // the layout is found and remembered here

    long[][] ranges = {{0, all.length - 1}, {69_990, 70_010}, {100, 150_000}, {70_000, 70_000}, {70_001, all.length - 1}};
    for (long[] r : ranges) {
      int before = remote.reads;
      assertThat(read(store, new ByteRange(r[0], r[1]))).as("%d-%d", r[0], r[1])
          .isEqualTo(Arrays.copyOfRange(all, (int) r[0], (int) r[1] + 1));
      assertThat(remote.reads - before).as("requests for %d-%d", r[0], r[1]).isEqualTo(1);
    }
  }

  /** A store that counts its reads and answers them as plain streams. */
  private static final class Remote implements BlobStore {
    private final dev.silo.testkit.memory.MemoryBlobStore inner;
    int reads;

    Remote(dev.silo.testkit.memory.MemoryBlobStore inner) {
      this.inner = inner;
    }

    @Override
    public void provision(StorageSpace s) throws IOException {
      inner.provision(s);
    }

    @Override
    public void destroy(StorageSpace s) throws IOException {
      inner.destroy(s);
    }

    @Override
    public long write(StorageSpace s, BlobName n, InputStream in) throws IOException {
      return inner.write(s, n, in);
    }

    @Override
    public InputStream read(StorageSpace s, BlobName n, ByteRange range) throws IOException {
      reads++;
      return inner.read(s, n, range);
    }

    @Override
    public java.util.OptionalLong size(StorageSpace s, BlobName n) throws IOException {
      return inner.size(s, n);
    }

    @Override
    public void delete(StorageSpace s, BlobName n) throws IOException {
      inner.delete(s, n);
    }

    @Override
    public void check() throws IOException {
      inner.check();
    }

    @Override
    public java.util.Optional<AppendableBlobs> appendable() {
      return inner.appendable();
    }
  }

  @Test
  void aChunkTornByACrashIsCutAwayAndTheUploadGoesOn() throws IOException {
    byte[] a = marked(100_000, 4);
    appender(node(true)).append(space, name, 0, in(a));
    long committed = files.size(space, name).orElseThrow();
    // what a kill -9 mid-chunk leaves: ciphertext with no trailer yet, here with the trailer's
    // magic inside it as well (a false start the recovery must not take)
    byte[] torn = new byte[300_000];
    new Random(5).nextBytes(torn);
    System.arraycopy(Units.MAGIC, 0, torn, 123_456, Units.MAGIC.length);
    System.arraycopy(Units.MAGIC, 0, torn, torn.length - Units.TRAILER, Units.MAGIC.length);
    appender(files).append(space, name, committed, in(torn));

    byte[] b = marked(50_000, 6);
    EncryptingBlobStore restarted = node(true);
    assertThat(appender(restarted).append(space, name, a.length, in(b))).isEqualTo(b.length);

    assertThat(read(restarted, null)).isEqualTo(concat(a, b));
    assertThat(units()).isEqualTo(2);
  }

  @Test
  void aWholeChunkNeverCommittedIsReplacedByTheNextOne() throws IOException {
    EncryptingBlobStore first = node(true);
    byte[] a = marked(10_000, 7);
    appender(first).append(space, name, 0, in(a));
    appender(first).append(space, name, a.length, in(marked(20_000, 8))); // its offset never committed

    byte[] c = marked(30_000, 9);
    EncryptingBlobStore other = node(true);
    appender(other).append(space, name, a.length, in(c));

    assertThat(read(other, null)).isEqualTo(concat(a, c));
    assertThat(units()).isEqualTo(2);
  }

  @Test
  void aCutBackOnAnotherNodeEndsAtAChunk() throws IOException {
    EncryptingBlobStore first = node(true);
    byte[] a = marked(10_000, 10);
    byte[] b = marked(10_000, 11);
    appender(first).append(space, name, 0, in(a));
    appender(first).append(space, name, a.length, in(b));
    assertThat(read(first, null)).isEqualTo(concat(a, b)); // its layout is remembered at this size

    appender(node(true)).truncate(space, name, a.length);
    assertThat(read(node(true), null)).isEqualTo(a);
    byte[] c = marked(10_000, 12); // the same sizes again: what the first node remembered must not be used
    appender(first).append(space, name, a.length, in(c));
    assertThat(read(first, null)).isEqualTo(concat(a, c));
  }

  @Test
  void anUploadBegunInPlainTextStaysPlainWithEncryptionOn() throws IOException {
    appender(files).append(space, name, 0, in("hello ".getBytes(StandardCharsets.US_ASCII)));
    AppendableBlobs sealing = appender(node(true));
    sealing.append(space, name, 6, in("world".getBytes(StandardCharsets.US_ASCII)));
    appender(files).append(space, name, 11, in("torn".getBytes(StandardCharsets.US_ASCII))); // never committed
    appender(node(true)).append(space, name, 11, in("!".getBytes(StandardCharsets.US_ASCII)));

    assertThat(new String(raw(), StandardCharsets.US_ASCII)).isEqualTo("hello world!");
  }

  @Test
  void anUploadBegunSealedStaysSealedWithEncryptionOff() throws IOException {
    byte[] a = marked(80_000, 13);
    appender(node(true)).append(space, name, 0, in(a));
    byte[] b = marked(80_000, 14);
    EncryptingBlobStore off = node(false);
    appender(off).append(space, name, a.length, in(b));

    assertThat(read(off, null)).isEqualTo(concat(a, b));
    assertThat(indexOf(raw(), MARKER)).isEqualTo(-1);
    assertThat(units()).isEqualTo(2);
  }

  @Test
  void anEmptyChunkAddsNoUnitAndAnEmptyUploadIsAnEmptyBlob() throws IOException {
    EncryptingBlobStore store = node(true);
    appender(store).append(space, name, 0, InputStream.nullInputStream());
    assertThat(files.size(space, name)).hasValue(0);
    byte[] a = marked(5_000, 15);
    appender(store).append(space, name, 0, in(a));
    long stored = files.size(space, name).orElseThrow();
    assertThat(appender(store).append(space, name, a.length, InputStream.nullInputStream())).isZero();
    assertThat(appender(node(true)).append(space, name, a.length, InputStream.nullInputStream())).isZero();
    assertThat(files.size(space, name)).hasValue(stored);
    assertThat(read(store, null)).isEqualTo(a);
  }

  // ------------------------------------------------------------------ helpers

  private byte[] read(BlobStore store, ByteRange range) throws IOException {
    try (InputStream in = store.read(space, name, range)) {
      return in.readAllBytes();
    }
  }

  private byte[] raw() throws IOException {
    try (InputStream in = files.read(space, name, null)) {
      return in.readAllBytes();
    }
  }

  private int units() throws IOException {
    return Units.of(files, space, name, files.size(space, name).orElseThrow()).units().size();
  }

  private static InputStream in(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  /** Marker runs with a position count between them, so that a shifted or repeated run shows. */
  private static byte[] marked(int size, int seed) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = i % 64 < MARKER.length ? MARKER[i % 64] : (byte) ('a' + (i / 64 + seed) % 26);
    }
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    byte[] all = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }
}
