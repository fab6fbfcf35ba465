package dev.silo.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.BlobNotFoundException;
import dev.silo.core.spi.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link BlobStore} must show. An implementation's test extends this class and
 * says how to build a store; the spaces can be overridden where a backend needs other names.
 *
 * <p>The store is built fresh for every test and the three spaces are provisioned before it runs.
 */
public abstract class BlobStoreContract {
  private static final int MIB = 1024 * 1024;

  /** Blob names must be unique even across runs against a shared backend, so never seeded. */
  private final Random names = new Random();

  /** Content is seeded so that a failure reproduces. */
  private final Random content = new Random(20261123L);

  @TempDir protected Path tempDir;

  protected BlobStore store;

  /** A store rooted in (or otherwise private to) {@code tempDir}, ready for {@code provision}. */
  protected abstract BlobStore newStore(Path tempDir) throws Exception;

  /** A tenant in bucket mode: the whole container is its space. */
  protected StorageSpace bucketSpace() {
    return new StorageSpace("silo-contract-bucket", "");
  }

  /** A tenant in prefix mode, sharing its container with {@link #otherPrefixSpace()}. */
  protected StorageSpace prefixSpace() {
    return new StorageSpace("silo-contract-shared", "tenants/abc/");
  }

  protected StorageSpace otherPrefixSpace() {
    return new StorageSpace("silo-contract-shared", "tenants/def/");
  }

  @BeforeEach
  void openStore() throws Exception {
    store = newStore(tempDir);
    store.provision(bucketSpace());
    store.provision(prefixSpace());
    store.provision(otherPrefixSpace());
  }

  @AfterEach
  void closeStore() throws Exception {
    if (store != null) {
      store.close();
    }
  }

  // --- round trips -------------------------------------------------------------------------

  @Test
  public void writeThenReadReturnsTheSameBytes() throws IOException {
    assertRoundTrip(bucketSpace(), randomBytes(1000));
  }

  @Test
  public void emptyBlobRoundTrips() throws IOException {
    assertRoundTrip(bucketSpace(), new byte[0]);
  }

  @Test
  public void tenMebibyteBlobRoundTrips() throws IOException {
    assertRoundTrip(prefixSpace(), randomBytes(10 * MIB));
  }

  @Test
  public void provisionIsIdempotent() throws IOException {
    BlobName name = newBlobName();
    write(prefixSpace(), name, randomBytes(10));

    store.provision(prefixSpace());
    store.provision(bucketSpace());

    assertThat(store.size(prefixSpace(), name)).hasValue(10);
  }

  @Test
  public void checkPassesOnAWorkingStore() {
    assertThatCode(store::check).doesNotThrowAnyException();
  }

  // --- ranges ------------------------------------------------------------------------------

  @Test
  public void rangedReadsReturnExactlyTheInclusiveRange() throws IOException {
    // Larger than common copy buffers, so ranges cross buffer boundaries.
    byte[] data = randomBytes(200_000);
    BlobName name = newBlobName();
    write(bucketSpace(), name, data);
    int last = data.length - 1;

    assertRange(name, data, 0, 0);
    assertRange(name, data, 1000, 70_999);
    assertRange(name, data, 65_535, 65_536);
    assertRange(name, data, last, last);
    assertRange(name, data, 0, last);
  }

  // --- missing blobs and deletion ----------------------------------------------------------

  @Test
  public void readOfAMissingBlobThrowsBlobNotFound() {
    BlobName name = newBlobName();
    assertThatThrownBy(() -> readAll(bucketSpace(), name, null))
        .isInstanceOf(BlobNotFoundException.class);
    assertThatThrownBy(() -> readAll(bucketSpace(), name, new ByteRange(0, 10)))
        .isInstanceOf(BlobNotFoundException.class);
  }

  @Test
  public void sizeIsTheLengthOrEmptyWhenMissing() throws IOException {
    BlobName name = newBlobName();
    assertThat(store.size(bucketSpace(), name)).isEmpty();

    write(bucketSpace(), name, randomBytes(12_345));

    assertThat(store.size(bucketSpace(), name)).hasValue(12_345);
  }

  @Test
  public void deleteRemovesTheBlobAndIsIdempotent() throws IOException {
    BlobName kept = newBlobName();
    BlobName deleted = newBlobName();
    write(bucketSpace(), kept, randomBytes(10));
    write(bucketSpace(), deleted, randomBytes(10));

    store.delete(bucketSpace(), deleted);
    store.delete(bucketSpace(), deleted);
    store.delete(bucketSpace(), newBlobName());

    assertThat(store.size(bucketSpace(), deleted)).isEmpty();
    assertThatThrownBy(() -> readAll(bucketSpace(), deleted, null))
        .isInstanceOf(BlobNotFoundException.class);
    assertThat(store.size(bucketSpace(), kept)).hasValue(10);
  }

  // --- failed writes -----------------------------------------------------------------------

  @Test
  public void inputFailingWithIOExceptionIsRethrownAndLeavesNoBlob() throws IOException {
    assertFailedWriteLeavesNothing(new IOException("client went away"));
  }

  @Test
  public void inputFailingWithRuntimeExceptionIsRethrownAndLeavesNoBlob() throws IOException {
    assertFailedWriteLeavesNothing(new IllegalStateException("size limit exceeded"));
  }

  // --- isolation ---------------------------------------------------------------------------

  @Test
  public void spacesDoNotSeeEachOthersBlobs() throws IOException {
    BlobName shared = newBlobName();
    byte[] inBucket = randomBytes(100);
    byte[] inPrefix = randomBytes(200);
    write(bucketSpace(), shared, inBucket);
    write(prefixSpace(), shared, inPrefix);
    BlobName onlyInPrefix = newBlobName();
    write(prefixSpace(), onlyInPrefix, randomBytes(10));

    assertThat(readAll(bucketSpace(), shared, null)).isEqualTo(inBucket);
    assertThat(readAll(prefixSpace(), shared, null)).isEqualTo(inPrefix);
    assertThat(store.size(otherPrefixSpace(), shared)).isEmpty();
    assertThat(store.size(bucketSpace(), onlyInPrefix)).isEmpty();
    assertThatThrownBy(() -> readAll(otherPrefixSpace(), onlyInPrefix, null))
        .isInstanceOf(BlobNotFoundException.class);

    store.delete(bucketSpace(), shared);
    assertThat(readAll(prefixSpace(), shared, null)).isEqualTo(inPrefix);
  }

  @Test
  public void destroyRemovesOnlyThatSpacesBlobs() throws IOException {
    BlobName inPrefix = newBlobName();
    BlobName inOtherPrefix = newBlobName();
    BlobName inBucket = newBlobName();
    write(prefixSpace(), inPrefix, randomBytes(10));
    write(otherPrefixSpace(), inOtherPrefix, randomBytes(20));
    write(bucketSpace(), inBucket, randomBytes(30));

    store.destroy(prefixSpace());

    assertThat(store.size(prefixSpace(), inPrefix)).isEmpty();
    assertThatThrownBy(() -> readAll(prefixSpace(), inPrefix, null))
        .isInstanceOf(BlobNotFoundException.class);
    assertThat(store.size(otherPrefixSpace(), inOtherPrefix)).hasValue(20);
    assertThat(store.size(bucketSpace(), inBucket)).hasValue(30);

    store.destroy(bucketSpace());

    assertThat(store.size(bucketSpace(), inBucket)).isEmpty();
    assertThat(store.size(otherPrefixSpace(), inOtherPrefix)).hasValue(20);
  }

  // --- streaming ---------------------------------------------------------------------------

  @Test
  public void writesALargeStreamWithoutHoldingIt() throws IOException {
    long size = 256L * MIB;
    BlobName name = newBlobName();

    long written = store.write(prefixSpace(), name, new GeneratedInputStream(size));

    assertThat(written).isEqualTo(size);
    assertThat(store.size(prefixSpace(), name)).hasValue(size);
    assertSameContent(new GeneratedInputStream(size), name);
  }

  // --- helpers -----------------------------------------------------------------------------

  /** A fresh, valid blob name. */
  protected BlobName newBlobName() {
    StringBuilder name = new StringBuilder("b");
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < 26; i++) {
      name.append(alphabet.charAt(names.nextInt(alphabet.length())));
    }
    return new BlobName(name.toString());
  }

  protected byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    content.nextBytes(bytes);
    return bytes;
  }

  protected void write(StorageSpace space, BlobName name, byte[] data) throws IOException {
    assertThat(store.write(space, name, new ByteArrayInputStream(data))).isEqualTo(data.length);
  }

  protected byte[] readAll(StorageSpace space, BlobName name, ByteRange range) throws IOException {
    try (InputStream in = store.read(space, name, range)) {
      return in.readAllBytes();
    }
  }

  private void assertRoundTrip(StorageSpace space, byte[] data) throws IOException {
    BlobName name = newBlobName();
    write(space, name, data);

    byte[] read = readAll(space, name, null);

    assertThat(read.length).isEqualTo(data.length);
    // mismatch gives the first differing offset instead of dumping megabytes on failure
    assertThat(Arrays.mismatch(read, data)).as("first differing byte").isEqualTo(-1);
    assertThat(store.size(space, name)).hasValue(data.length);
  }

  private void assertRange(BlobName name, byte[] data, int first, int last) throws IOException {
    byte[] read = readAll(bucketSpace(), name, new ByteRange(first, last));
    assertThat(read)
        .as("range %d-%d", first, last)
        .isEqualTo(Arrays.copyOfRange(data, first, last + 1));
  }

  private void assertFailedWriteLeavesNothing(Exception failure) throws IOException {
    BlobName name = newBlobName();
    // Fail after more than one typical buffer, so some bytes have really reached the backend.
    InputStream in = new FailingInputStream(randomBytes(200_000), failure);

    assertThatThrownBy(() -> store.write(prefixSpace(), name, in)).isSameAs(failure);

    assertThat(store.size(prefixSpace(), name)).isEmpty();
    assertThatThrownBy(() -> readAll(prefixSpace(), name, null))
        .isInstanceOf(BlobNotFoundException.class);
  }

  private void assertSameContent(InputStream expected, BlobName name) throws IOException {
    byte[] want = new byte[MIB];
    try (InputStream actual = store.read(prefixSpace(), name, null)) {
      long offset = 0;
      while (true) {
        int n = expected.readNBytes(want, 0, want.length);
        byte[] got = actual.readNBytes(n);
        assertThat(got.length).as("bytes at offset %d", offset).isEqualTo(n);
        int mismatch = Arrays.mismatch(got, 0, n, want, 0, n);
        assertThat(mismatch).as("first differing byte after offset %d", offset).isEqualTo(-1);
        offset += n;
        if (n < want.length) {
          break;
        }
      }
      assertThat(actual.read()).as("end of blob").isEqualTo(-1);
    }
  }

  /**
   * Produces {@code size} bytes of a fixed pattern without holding them, so a store that buffers
   * its input shows up as memory pressure rather than passing quietly.
   */
  protected static final class GeneratedInputStream extends InputStream {
    private final long size;
    private long position;

    public GeneratedInputStream(long size) {
      this.size = size;
    }

    /** The byte at {@code position}; varies within and across blocks so offsets can't slip. */
    public static byte byteAt(long position) {
      return (byte) ((position * 0x9E3779B1L) >>> 13 ^ (position >>> 20));
    }

    @Override
    public int read() {
      return position < size ? byteAt(position++) & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        b[off + i] = byteAt(position + i);
      }
      position += n;
      return n;
    }
  }

  /**
   * Yields {@code data}, then throws {@code failure} itself (not a wrapper), so a test can check
   * that the store rethrows the very same exception.
   */
  protected static class FailingInputStream extends InputStream {
    private final byte[] data;
    private final Exception failure;
    private int position;

    public FailingInputStream(byte[] data, Exception failure) {
      if (!(failure instanceof IOException || failure instanceof RuntimeException)) {
        throw new IllegalArgumentException("an InputStream can only throw IOException or unchecked");
      }
      this.data = data;
      this.failure = failure;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (position >= data.length) {
        beforeFailing();
        if (failure instanceof IOException io) {
          throw io;
        }
        throw (RuntimeException) failure;
      }
      int n = Math.min(len, data.length - position);
      System.arraycopy(data, position, b, off, n);
      position += n;
      return n;
    }

    /** A hook for backend tests that want to look at the store mid-write. */
    protected void beforeFailing() throws IOException {}
  }
}
