package dev.silo.core.support;

import java.nio.channels.FileChannel;

/**
 * A blob stream that is a region of a local file: the HTTP layer sends its unread rest from the
 * file channel through its own pooled direct buffers instead of pulling it through heap arrays.
 * Closing the stream closes the channel. A building block, not part of the store SPI: a store's
 * stream offers it, and the protocols, which never see a store, only test for it.
 */
public interface FileRegion {
  FileChannel channel();

  /** Where the unread rest of the region starts in the file. */
  long position();
}
