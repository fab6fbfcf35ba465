package dev.silo.core.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A {@link ChannelRegion} that reads as a stream too: bytes {@code [first, first + length)} of a
 * channel, read at their positions ({@link #readAt}), for whatever does not send it from the
 * channel (a copy, a transform). It stops early where the channel ends: a blob shorter than its
 * metadata says gives a short read, not garbage or a hang.
 */
public abstract class RegionStream extends InputStream implements ChannelRegion {
  private final long end;
  private long position;

  protected RegionStream(long first, long length) {
    this.position = first;
    this.end = first + length;
  }

  /** Reads into {@code dst} from position {@code at} of the channel; -1 at its end. */
  protected abstract int readAt(ByteBuffer dst, long at) throws IOException;

  /** Where reading ends: the region's end, or sooner where the channel is shorter. */
  protected long readableEnd() throws IOException {
    return end;
  }

  @Override
  public final long position() {
    return position;
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
    long remaining = end - position;
    if (remaining <= 0) {
      return -1;
    }
    int n = readAt(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)), position);
    if (n < 0) {
      position = end;
      return -1;
    }
    position += n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = Math.max(0, Math.min(n, readableEnd() - position));
    position += skipped;
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, readableEnd() - position));
  }
}
