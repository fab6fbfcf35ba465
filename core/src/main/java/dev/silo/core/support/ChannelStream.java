package dev.silo.core.support;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * Bytes {@code [first, first + length)} of any seekable channel as a {@link RegionStream}: read at
 * their positions, so the HTTP layer sends them from the channel. Closing it closes the channel,
 * then {@code also} (what the channel reads from, if it does not own it), if any.
 */
public final class ChannelStream extends RegionStream {
  private final SeekableByteChannel channel;
  private final Closeable also;

  public ChannelStream(SeekableByteChannel channel, long first, long length, Closeable also) {
    super(first, length);
    this.channel = channel;
    this.also = also;
  }

  @Override
  public SeekableByteChannel channel() {
    return channel;
  }

  @Override
  protected int readAt(ByteBuffer dst, long at) throws IOException {
    return channel.position(at).read(dst);
  }

  @Override
  public void close() throws IOException {
    try (also) {
      channel.close();
    }
  }
}
