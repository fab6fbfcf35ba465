package dev.silo.store.fs;

import dev.silo.core.support.FileRegion;
import dev.silo.core.support.RegionStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads {@code [first, first + length)} of a file with positional reads, and stops early at end of
 * file: the caller clamps ranges to the object's size, but a blob shorter than its metadata says
 * must give a short read, not garbage or a hang. Until it is read it is a {@link FileRegion}, which the
 * HTTP layer sends from the channel without copying it through a heap array.
 */
final class FileRangeInputStream extends RegionStream implements FileRegion {
  private final FileChannel channel;

  FileRangeInputStream(FileChannel channel, long first, long length) {
    super(first, length);
    this.channel = channel;
  }

  @Override
  public FileChannel channel() {
    return channel;
  }

  @Override
  protected int readAt(ByteBuffer dst, long at) throws IOException {
    return channel.read(dst, at);
  }

  @Override
  protected long readableEnd() throws IOException {
    return Math.min(super.readableEnd(), channel.size());
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
