package dev.silo.core.support;

import java.nio.channels.FileChannel;

/**
 * A blob stream that is a region of a local file ({@link ChannelRegion}): the HTTP layer sends it
 * from the file channel, and the encryption layer decrypts it with positional reads of the file.
 */
public interface FileRegion extends ChannelRegion {
  @Override
  FileChannel channel();
}
