package dev.silo.store.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.support.FileRegion;
import dev.silo.testkit.BlobStoreContract;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FsBlobStoreTest extends BlobStoreContract {
  private Path root;

  @Override
  protected BlobStore newStore(Path tempDir) throws IOException {
    root = Files.createDirectories(tempDir.resolve("blobs"));
    return new FsBlobStore(root);
  }

  @Test
  void blobLandsAtItsShardedPathWithNoTempFileLeft() throws IOException {
    BlobName name = newBlobName();
    write(prefixSpace(), name, randomBytes(42));

    Path expected =
        root.resolve("silo-contract-shared/tenants/abc")
            .resolve(name.value().substring(1, 3))
            .resolve(name.value());
    assertThat(expected).isRegularFile().hasSize(42);
    assertThat(listFiles(expected.getParent())).containsExactly(expected);
  }

  @Test
  void rangePastEndOfFileIsCutShort() throws IOException {
    BlobName name = newBlobName();
    byte[] data = randomBytes(10);
    write(bucketSpace(), name, data);

    assertThat(readAll(bucketSpace(), name, new ByteRange(5, 100)))
        .isEqualTo(Arrays.copyOfRange(data, 5, 10));
    assertThat(readAll(bucketSpace(), name, new ByteRange(50, 60))).isEmpty();
  }

  @Test
  void failedWriteRemovesItsTempFileAndLeavesNoFinalFile() throws IOException {
    BlobName name = newBlobName();
    Path target = new SafePath(root).blob("silo-contract-bucket", "", name.value());
    List<Path> seenMidWrite = new ArrayList<>();
    IOException failure = new IOException("connection reset");
    InputStream in =
        new FailingInputStream(randomBytes(300_000), failure) {
          @Override
          protected void beforeFailing() throws IOException {
            seenMidWrite.addAll(listFiles(target.getParent()));
          }
        };

    assertThatThrownBy(() -> store.write(bucketSpace(), name, in)).isSameAs(failure);

    // Proves the bytes went to a temp file beside the target, never to the final name...
    assertThat(seenMidWrite).hasSize(1);
    assertThat(seenMidWrite.getFirst().getFileName().toString())
        .startsWith(name.value() + ".")
        .endsWith(".part");
    // ...and that the failure cleaned it up.
    assertThat(target).doesNotExist();
    assertThat(listFiles(target.getParent())).isEmpty();
  }

  @Test
  void interruptedWriteLeavesNoFinalFileAndNoTempFile() throws IOException {
    BlobName name = newBlobName();
    Path target = new SafePath(root).blob("silo-contract-bucket", "", name.value());
    // Interrupting the writing thread closes the FileChannel under the copy loop, the way a
    // cancelled request would.
    InputStream in =
        new FilterInputStream(new GeneratedInputStream(10L * 1024 * 1024)) {
          private long served;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            served += Math.max(n, 0);
            if (served > 200_000) {
              Thread.currentThread().interrupt();
            }
            return n;
          }
        };

    try {
      assertThatThrownBy(() -> store.write(bucketSpace(), name, in))
          .isInstanceOf(ClosedByInterruptException.class);
    } finally {
      Thread.interrupted();
    }

    assertThat(target).doesNotExist();
    assertThat(listFiles(target.getParent())).isEmpty();
  }

  @Test
  void destroyInPrefixModeKeepsTheSharedContainerAndIsIdempotent() throws IOException {
    write(prefixSpace(), newBlobName(), randomBytes(1));

    store.destroy(prefixSpace());
    store.destroy(prefixSpace());

    assertThat(root.resolve("silo-contract-shared/tenants/abc")).doesNotExist();
    assertThat(root.resolve("silo-contract-shared/tenants/def")).isDirectory();
  }

  @Test
  void destroyInBucketModeRemovesTheContainer() throws IOException {
    write(bucketSpace(), newBlobName(), randomBytes(1));

    store.destroy(bucketSpace());

    assertThat(root.resolve("silo-contract-bucket")).doesNotExist();
  }

  @Test
  void provisionCreatesTheSpaceDirectory() throws IOException {
    store.provision(new StorageSpace("fresh-container", "tenants/xyz/"));

    assertThat(root.resolve("fresh-container/tenants/xyz")).isDirectory();
  }

  @Test
  void checkFailsWhenTheRootIsMissingOrNotADirectory() throws IOException {
    Path missing = tempDir.resolve("nowhere");
    Path file = Files.createFile(tempDir.resolve("a-file"));

    assertThatThrownBy(() -> new FsBlobStore(missing).check()).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> new FsBlobStore(file).check()).isInstanceOf(IOException.class);
    assertThatCode(() -> new FsBlobStore(root).check()).doesNotThrowAnyException();
    assertThat(listFiles(root)).allMatch(Files::isDirectory, "only space directories remain");
  }

  @Test
  void writeRefusesToCreateAMissingRoot() {
    FsBlobStore unmounted = new FsBlobStore(tempDir.resolve("not-mounted"));

    BlobName name = newBlobName();

    assertThatThrownBy(() -> unmounted.write(bucketSpace(), name, InputStream.nullInputStream()))
        .isInstanceOf(NoSuchFileException.class);
    assertThat(tempDir.resolve("not-mounted")).doesNotExist();
  }

  @Test
  void aBlobPastSeveralEarlyFlushesIsWrittenWhole() throws Exception {
    BlobName name = newBlobName();
    long size = 2 * FsBlobStore.FLUSH_EVERY + 12_345; // two background forces, and a tail after them
    MessageDigest sent = MessageDigest.getInstance("SHA-256");
    InputStream body = new DigestInputStream(new PatternInputStream(size), sent);

    assertThat(store.write(bucketSpace(), name, body)).isEqualTo(size);

    MessageDigest read = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(store.read(bucketSpace(), name, null), read)) {
      assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(size);
    }
    assertThat(read.digest()).isEqualTo(sent.digest());
  }

  @Test
  void aReadIsAFileRegionStartingWhereItsRangeDoes() throws IOException {
    BlobName name = newBlobName();
    byte[] data = randomBytes(1000);
    write(bucketSpace(), name, data);

    try (InputStream whole = store.read(bucketSpace(), name, null);
        InputStream part = store.read(bucketSpace(), name, new ByteRange(100, 149))) {
      assertThat(whole).isInstanceOf(FileRegion.class);
      assertThat(((FileRegion) whole).position()).isZero();
      assertThat(((FileRegion) whole).channel().size()).isEqualTo(1000);
      assertThat(((FileRegion) part).position()).isEqualTo(100);
      assertThat(part.readNBytes(10)).isEqualTo(Arrays.copyOfRange(data, 100, 110));
      assertThat(((FileRegion) part).position()).as("the unread rest").isEqualTo(110);
      assertThat(whole.readAllBytes()).isEqualTo(data);
    }
  }

  /** {@code size} bytes of a repeating pattern, made as they are read: no big array in the test. */
  private static final class PatternInputStream extends InputStream {
    private long left;
    private int next;

    PatternInputStream(long size) {
      this.left = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) (next++ * 31 + 7);
      }
      left -= n;
      return n;
    }
  }

  private static List<Path> listFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }
}
