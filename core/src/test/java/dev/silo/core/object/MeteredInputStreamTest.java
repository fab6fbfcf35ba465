package dev.silo.core.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.PayloadTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The digests of an upload body are those of its bytes whatever its size (inline below {@link
 * BodyDigests#INLINE_BYTES}, MD5 on its own thread above) and however the reader cuts it, and a
 * digest the body verified itself is taken from it rather than computed.
 */
class MeteredInputStreamTest {

  @Test
  void digestsMatchTheBytesAtEverySizeAroundTheHandOver() throws Exception {
    int inline = BodyDigests.INLINE_BYTES;
    int slot = BodyDigests.SLOT_BYTES;
    for (int size : new int[] {0, 1, 4096, inline - 1, inline, inline + 1, inline + slot, 3 * inline + 12345}) {
      byte[] body = random(size, size);
      MeteredInputStream metered = new MeteredInputStream(new ByteArrayInputStream(body), Long.MAX_VALUE, (long) size, "too large");
      drainInOddRuns(metered, size);
      assertThat(metered.count()).isEqualTo(size);
      assertThat(metered.sha256Hex()).as("SHA-256 of %d bytes", size).isEqualTo(hex("SHA-256", body));
      assertThat(metered.md5Hex()).as("MD5 of %d bytes", size).isEqualTo(hex("MD5", body));
    }
  }

  @Test
  void aBodyOverItsCapStopsAndItsHashingThreadEnds() throws Exception {
    byte[] body = random(1, 4 * BodyDigests.INLINE_BYTES);
    MeteredInputStream metered = new MeteredInputStream(new ByteArrayInputStream(body), 3L * BodyDigests.INLINE_BYTES, null, "too large");
    assertThatThrownBy(() -> metered.transferTo(OutputStream.nullOutputStream())).isInstanceOf(PayloadTooLargeException.class);
    metered.abandon();
    waitUntilNoHashingThread();
  }

  @Test
  void aBodyShorterThanDeclaredFails() {
    byte[] body = random(2, 2 * BodyDigests.INLINE_BYTES);
    MeteredInputStream metered = new MeteredInputStream(new ByteArrayInputStream(body), Long.MAX_VALUE, body.length + 1L, "too large");
    assertThatThrownBy(() -> metered.transferTo(OutputStream.nullOutputStream())).isInstanceOf(InvalidInputException.class);
    metered.abandon();
  }

  @Test
  void aDigestTheBodyVerifiedIsTakenFromIt() throws Exception {
    byte[] body = random(3, 2 * BodyDigests.INLINE_BYTES + 7);
    // What the body says it verified: a SHA-256 that is not the bytes' own shows it was taken as is.
    byte[] declared = MessageDigest.getInstance("SHA-256").digest("something else".getBytes());
    InputStream verifying = new Declaring(new ByteArrayInputStream(body), declared);
    MeteredInputStream metered = new MeteredInputStream(verifying, Long.MAX_VALUE, (long) body.length, "too large");
    assertThatThrownBy(metered::sha256Hex).isInstanceOf(IllegalStateException.class); // not before the end
    metered.transferTo(OutputStream.nullOutputStream());
    assertThat(metered.sha256Hex()).isEqualTo(HexFormat.of().formatHex(declared));
    assertThat(metered.md5Hex()).isEqualTo(hex("MD5", body));
  }

  @Test
  void aStoredBlobReadBackIsHashedTheSameWay() throws Exception {
    for (int size : new int[] {0, 10, 3 * BodyDigests.INLINE_BYTES + 1}) {
      byte[] blob = random(4, size);
      BodyDigests.Hashed hashed = BodyDigests.of(new ByteArrayInputStream(blob));
      assertThat(hashed).isEqualTo(new BodyDigests.Hashed(size, hex("SHA-256", blob), hex("MD5", blob)));
    }
  }

  /** A body that claims to have checked its SHA-256 against {@code declared}. */
  private static final class Declaring extends FilterInputStream implements DeclaredDigest {
    private final byte[] declared;
    private boolean ended;

    Declaring(InputStream in, byte[] declared) {
      super(in);
      this.declared = declared;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      ended |= n < 0;
      return n;
    }

    @Override
    public boolean verifies(String algorithm) {
      return algorithm.equals("SHA-256");
    }

    @Override
    public byte[] verified(String algorithm) {
      if (!ended) {
        throw new IllegalStateException("not at the end");
      }
      return declared;
    }
  }

  private static void drainInOddRuns(InputStream in, long seed) throws IOException {
    SplittableRandom sizes = new SplittableRandom(seed);
    byte[] buffer = new byte[200_000];
    while (in.read(buffer, 0, 1 + sizes.nextInt(buffer.length)) >= 0) {
      // the digests see each run as it passes
    }
  }

  private static void waitUntilNoHashingThread() throws InterruptedException {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("silo-md5")) {
        t.join(10_000);
        assertThat(t.isAlive()).as("the MD5 thread of an abandoned body ends").isFalse();
      }
    }
  }

  private static byte[] random(long seed, int size) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  private static String hex(String algorithm, byte[] body) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(body));
  }
}
