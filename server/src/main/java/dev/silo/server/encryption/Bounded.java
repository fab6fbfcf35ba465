package dev.silo.server.encryption;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The next {@code length} bytes of a stream; fewer is an error. {@link #exactly} refuses more too,
 * reading the input to its end so that a body checked against a declared digest (Content-MD5, a
 * checksum header) sees its end and is verified, and closes the input with it. {@link #within}
 * takes a stretch of a stream that goes on, and closing it leaves the stream to its owner.
 */
final class Bounded extends FilterInputStream {
  private final boolean exact;
  private long left;
  private long taken;

  private Bounded(InputStream in, long length, boolean exact) {
    super(in);
    this.left = length;
    this.exact = exact;
  }

  static Bounded exactly(InputStream in, long length) {
    return new Bounded(in, length, true);
  }

  static Bounded within(InputStream in, long length) {
    return new Bounded(in, length, false);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (left == 0) {
      if (exact && in.read() >= 0) {
        throw new IOException("the input is longer than its announced length");
      }
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, left));
    if (n < 0) {
      throw new IOException("the input ended " + left + " bytes early");
    }
    left -= n;
    taken += n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(Math.min(n, left));
    left -= skipped;
    taken += skipped;
    return skipped;
  }

  /** Skips what is left; returns every byte this took of the stream. */
  long drain() throws IOException {
    skipNBytes(left);
    return taken;
  }

  @Override
  public void close() throws IOException {
    if (exact) {
      in.close();
    }
  }
}
