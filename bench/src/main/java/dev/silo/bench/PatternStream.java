package dev.silo.bench;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * {@code length} bytes of incompressible-looking data produced on the fly: one random megabyte
 * repeated, each repetition shifted, so nothing of size {@code length} is ever held in memory and
 * the generator costs little next to the network.
 */
final class PatternStream extends InputStream {
  private static final int BLOCK = 1 << 20;
  private final byte[] block = new byte[BLOCK + 256];
  private final long length;
  private long position;

  PatternStream(long length, long seed) {
    this.length = length;
    new SplittableRandom(seed).nextBytes(block);
  }

  @Override
  public int read() {
    if (position >= length) {
      return -1;
    }
    return block[offset(position++)] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (position >= length) {
      return -1;
    }
    int n = (int) Math.min(len, length - position);
    int done = 0;
    while (done < n) {
      int from = offset(position + done);
      int chunk = Math.min(n - done, BLOCK - (int) ((position + done) % BLOCK));
      System.arraycopy(block, from, b, off + done, chunk);
      done += chunk;
    }
    position += n;
    return n;
  }

  /** Where byte {@code pos} comes from: its place in the megabyte, shifted per repetition. */
  private static int offset(long pos) {
    return (int) (pos % BLOCK) + (int) ((pos / BLOCK) % 256);
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, length - position);
  }
}
