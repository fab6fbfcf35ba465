package dev.silo.store.fs;

import dev.silo.core.support.FileRegion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * Reads {@code [first, first + length)} of a file with positional reads, and stops early at end of
 * file: the caller clamps ranges to the object's size, but a blob shorter than its metadata says
 * must give a short read, not garbage or a hang. Until it is read it is a {@link FileRegion}, which the
 * HTTP layer sends from the channel without copying it through a heap array.
 */
final class FileRangeInputStream extends InputStream implements FileRegion {
  private final FileChannel channel;
  private final long end;
  private long position;

  FileRangeInputStream(FileChannel channel, long first, long length) {
    this.channel = channel;
    this.position = first;
    this.end = first + length;
  }

  @Override
  public FileChannel channel() {
    return channel;
  }

  @Override
  public long position() {
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
    int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)), position);
    if (n < 0) {
      position = end;
      return -1;
    }
    position += n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = Math.max(0, Math.min(n, Math.min(end, channel.size()) - position));
    position += skipped;
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, Math.min(end, channel.size()) - position));
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
