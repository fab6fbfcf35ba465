package dev.silo.server.process;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Deterministic bytes of any length made on the fly, never held whole in memory: a random block
 * of up to 1 MiB (from the seed) repeated, with the block's index and the seed stamped into the
 * first 16 bytes of each block, so no two blocks and no two seeds give the same content. The
 * SHA-256 of what has been read is computed as it goes.
 *
 * <p>Optionally the stream pauses once {@code pauseAt} bytes have been read: {@link #paused()}
 * opens, and the next read blocks until {@link #release()}, then fails, so the upload never
 * completes (a client that died mid-body, from the server's point of view).
 */
public final class GeneratedStream extends InputStream {
  private static final int BLOCK = 1 << 20;

  private final long seed;
  private final long length;
  private final byte[] pattern;
  private final MessageDigest sha256 = sha256();
  private final long pauseAt;
  private final CountDownLatch paused = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private long position;

  public GeneratedStream(long seed, long length) {
    this(seed, length, -1);
  }

  public GeneratedStream(long seed, long length, long pauseAt) {
    this.seed = seed;
    this.length = length;
    this.pauseAt = pauseAt;
    this.pattern = new byte[(int) Math.min(BLOCK, Math.max(length, 1))];
    new SplittableRandom(seed).nextBytes(pattern);
  }

  /** The whole content as an array, for small objects. */
  public static byte[] bytes(long seed, int length) {
    byte[] out = new byte[length];
    GeneratedStream in = new GeneratedStream(seed, length);
    int off = 0;
    while (off < length) {
      off += in.fill(out, off, length - off);
    }
    return out;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pauseAt >= 0 && position >= pauseAt) {
      paused.countDown();
      try {
        released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("generated stream aborted at " + position + " bytes");
    }
    long limit = pauseAt >= 0 ? Math.min(length, pauseAt) : length;
    if (position >= limit) {
      return -1;
    }
    return fill(b, off, (int) Math.min(len, limit - position));
  }

  private int fill(byte[] b, int off, int n) {
    int done = 0;
    while (done < n) {
      long p = position + done;
      int inBlock = (int) (p % pattern.length);
      int chunk = Math.min(n - done, pattern.length - inBlock);
      System.arraycopy(pattern, inBlock, b, off + done, chunk);
      // Stamp block index and seed over the first 16 bytes of the block, if this chunk has them.
      for (int i = inBlock; i < 16 && i < inBlock + chunk; i++) {
        long word = i < 8 ? p / pattern.length : seed;
        b[off + done + (i - inBlock)] ^= (byte) (word >>> (8 * (i % 8)));
      }
      done += chunk;
    }
    sha256.update(b, off, n);
    position += n;
    return n;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, length - position);
  }

  /** Bytes handed out so far. */
  public long position() {
    return position;
  }

  /** The SHA-256 (hex) of everything read so far; call once, at the end. */
  public String sha256Hex() {
    return HexFormat.of().formatHex(sha256.digest());
  }

  /** Waits until the stream has reached its pause point. */
  public boolean awaitPaused(long timeout, TimeUnit unit) throws InterruptedException {
    return paused.await(timeout, unit);
  }

  public boolean paused() {
    return paused.getCount() == 0;
  }

  /** Lets a paused reader go: its read fails. */
  public void release() {
    released.countDown();
  }

  @Override
  public void close() {
    release();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  static String md5Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
