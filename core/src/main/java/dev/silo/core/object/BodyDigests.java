package dev.silo.core.object;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * SHA-256 and MD5 of an upload body, fed run by run from the copy loop. The two digests one after
 * the other on the request thread were most of a big PUT's time (MD5, the slower, alone runs at
 * about the speed of a disk), so past the first {@link #INLINE_BYTES} the MD5 runs on a thread of
 * its own while the request thread goes on copying and hashing SHA-256: the bytes are copied into
 * one of {@link #SLOTS} buffers of {@link #SLOT_BYTES} and handed over, and the copy loop waits
 * when all are full, so memory stays at 256 KiB per upload whatever its size. Small bodies never
 * start a thread.
 *
 * <p>Either digest may come from the body itself instead ({@link DeclaredDigest}); then it is not
 * computed here at all. {@link #of} hashes a stored blob read back the same way.
 */
public final class BodyDigests {
  /** Up to this many bytes both digests run inline: a thread is not worth it for a small body. */
  static final int INLINE_BYTES = 1024 * 1024;

  static final int SLOT_BYTES = 64 * 1024;
  static final int SLOTS = 4;

  private final MessageDigest sha256; // null: the body verifies it
  private final MessageDigest md5; // null: the body verifies it
  private long inline;
  private Md5Worker worker;

  /** A stream's size and hex digests. */
  public record Hashed(long size, String sha256, String md5) {}

  /**
   * Reads {@code in} to its end and returns its size, SHA-256 and MD5 (used where a blob is read
   * back to hash it: a TUS upload appended in place, a presigned upload). Does not close it.
   */
  public static Hashed of(InputStream in) throws IOException {
    BodyDigests digests = new BodyDigests(true, true);
    try {
      byte[] buffer = new byte[SLOT_BYTES];
      long size = 0;
      for (int n; (n = in.read(buffer)) >= 0; ) {
        digests.update(buffer, 0, n);
        size += n;
      }
      HexFormat hex = HexFormat.of();
      return new Hashed(size, hex.formatHex(digests.sha256()), hex.formatHex(digests.md5()));
    } finally {
      digests.abandon();
    }
  }

  BodyDigests(boolean computeSha256, boolean computeMd5) {
    this.sha256 = computeSha256 ? digest("SHA-256") : null;
    this.md5 = computeMd5 ? digest("MD5") : null;
  }

  void update(byte[] b, int off, int n) {
    if (sha256 != null) {
      sha256.update(b, off, n);
    }
    if (md5 == null) {
      return;
    }
    if (worker == null && inline + n <= INLINE_BYTES) {
      md5.update(b, off, n);
      inline += n;
      return;
    }
    if (worker == null) {
      worker = new Md5Worker(md5);
    }
    worker.append(b, off, n);
  }

  byte[] sha256() {
    return sha256.digest();
  }

  /** Waits for the MD5 thread, if one was started, to hash what it was handed. */
  byte[] md5() {
    if (worker != null) {
      worker.finish();
      worker = null;
    }
    return md5.digest();
  }

  /** Stops the MD5 thread without waiting: the upload failed and its digests are not needed. */
  void abandon() {
    if (worker != null) {
      worker.abandon();
      worker = null;
    }
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A thread that MD5s the buffers handed to it, in order; the buffers go back once hashed. */
  private static final class Md5Worker implements Runnable {
    /** A filled buffer and how much of it is filled; {@link #END} ends the body. */
    private record Run(byte[] buffer, int length) {}

    private static final Run END = new Run(new byte[0], 0);

    private final MessageDigest md5;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(SLOTS);
    // one more than there are buffers, so END always fits
    private final BlockingQueue<Run> full = new ArrayBlockingQueue<>(SLOTS + 1);
    private final Thread thread;
    private byte[] current;
    private int filled;

    Md5Worker(MessageDigest md5) {
      this.md5 = md5;
      for (int i = 1; i < SLOTS; i++) {
        free.add(new byte[SLOT_BYTES]);
      }
      current = new byte[SLOT_BYTES];
      thread = Thread.ofPlatform().daemon().name("silo-md5").start(this);
    }

    void append(byte[] b, int off, int n) {
      while (n > 0) {
        int take = Math.min(n, SLOT_BYTES - filled);
        System.arraycopy(b, off, current, filled, take);
        filled += take;
        off += take;
        n -= take;
        if (filled == SLOT_BYTES) {
          handOver();
          current = take(free);
        }
      }
    }

    void finish() {
      if (filled > 0) {
        handOver();
      }
      end();
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while hashing the body", e);
      }
    }

    void abandon() {
      end();
    }

    private void handOver() {
      full.add(new Run(current, filled)); // never full: there are fewer buffers than places
      current = null;
      filled = 0;
    }

    private void end() {
      full.add(END);
    }

    @Override
    public void run() {
      while (true) {
        Run run = take(full);
        if (run == END) {
          return;
        }
        md5.update(run.buffer(), 0, run.length());
        free.add(run.buffer());
      }
    }

    private static <T> T take(BlockingQueue<T> queue) {
      try {
        return queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while hashing the body", e);
      }
    }
  }
}
