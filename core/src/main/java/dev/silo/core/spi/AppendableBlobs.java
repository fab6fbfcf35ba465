package dev.silo.core.spi;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import java.io.IOException;
import java.io.InputStream;

/**
 * An optional capability of a {@link BlobStore} ({@link BlobStore#appendable()}): a blob that grows
 * in place, for resumable uploads. Unlike ordinary blobs it is written many times, always at its
 * committed end; it is read and deleted like any blob. S3 assembles parts instead ({@link
 * MultipartBlobs}); a store with neither gets the portable fallback, one immutable blob per chunk.
 *
 * <p>Contract: {@link #append} writes {@code in} at exactly {@code offset}, first cutting away
 * anything past it (a chunk that failed earlier), and returns only once the bytes are durable. If
 * it throws, for any reason (the input stream's exceptions are rethrown unchanged), the blob is cut
 * back to {@code offset}. Offsets count the bytes appended, which an encrypting store keeps in
 * more bytes of its own.
 */
public interface AppendableBlobs {

  /** Appends {@code in} at {@code offset} (0 creates the blob); returns the bytes appended. */
  long append(StorageSpace space, BlobName name, long offset, InputStream in) throws IOException;

  /**
   * Cuts the blob back to {@code length} bytes, where one of its appends ended (a chunk rejected
   * after it was written, or a tail a crash left past the committed offset).
   */
  void truncate(StorageSpace space, BlobName name, long length) throws IOException;
}
