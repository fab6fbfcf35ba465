package dev.silo.core.support;

import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/** A {@link SeekableByteChannel} that is only read: its position is its own, writes are refused. */
public abstract class ReadOnlyChannel implements SeekableByteChannel {
  protected long position;

  @Override
  public final long position() {
    return position;
  }

  @Override
  public final SeekableByteChannel position(long newPosition) {
    position = newPosition;
    return this;
  }

  @Override
  public final int write(java.nio.ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public final SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }
}
