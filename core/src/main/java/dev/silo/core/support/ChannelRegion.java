package dev.silo.core.support;

import java.nio.channels.SeekableByteChannel;

/**
 * A blob stream that is a region of a seekable channel: the HTTP layer sends its unread rest by
 * reading the channel into its own pooled direct buffers instead of pulling it through heap
 * arrays. A local file is one ({@link FileRegion}); so is the plain text of an encrypted file,
 * decrypted segment by segment into those buffers. Closing the stream closes the channel. A
 * building block, not part of the store SPI: a store's stream offers it, and the protocols, which
 * never see a store, only test for it.
 */
public interface ChannelRegion {
  SeekableByteChannel channel();

  /** Where the unread rest of the region starts in the channel. */
  long position();
}
