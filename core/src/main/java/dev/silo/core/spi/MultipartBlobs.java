package dev.silo.core.spi;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * An optional capability of a {@link BlobStore} ({@link BlobStore#multipart()}): a blob assembled
 * from numbered parts that are uploaded one by one, possibly from different nodes, and published
 * at once (S3 multipart uploads). Resumable uploads use it so that a chunk's bytes go straight to
 * their final place; the bytes that do not fill a part yet are kept by the caller, as an ordinary
 * blob, until a later chunk completes the part.
 *
 * <p>Contract: every part but the last has exactly {@link #partSize()} bytes. Uploading a part
 * number again replaces that part. Nothing is readable under the name until {@link #complete}
 * succeeds; {@link #abort} discards every part and is idempotent.
 */
public interface MultipartBlobs {

  /** One uploaded part: its number, size and the store's tag for it. */
  record Part(int number, long size, String etag) {}

  /** Receives what is left of an input that did not fill a part (fewer than partSize bytes). */
  @FunctionalInterface
  interface Remainder {
    void accept(InputStream rest, int length);
  }

  /** The size of every part but the last; also the most this store holds in memory per upload. */
  int partSize();

  /** The most parts one blob may have. */
  int maxParts();

  /** Starts assembling the blob; returns the store's id of the assembly. */
  String begin(StorageSpace space, BlobName name) throws IOException;

  /**
   * Reads {@code in} to its end, uploading each full part as the next number from {@code
   * firstNumber}. When the input ends with fewer than partSize bytes read since the last part,
   * those bytes are uploaded as a last, shorter part if exactly {@code total} bytes were read in
   * all ({@code total} negative: never), and otherwise handed to {@code remainder}. The input's
   * exceptions are rethrown unchanged; parts already uploaded then stay until replaced or aborted.
   */
  List<Part> upload(
      StorageSpace space, BlobName name, String assembly, int firstNumber, InputStream in, long total, Remainder remainder)
      throws IOException;

  /** Publishes the blob from {@code parts}, in number order. */
  void complete(StorageSpace space, BlobName name, String assembly, List<Part> parts) throws IOException;

  /** Discards the assembly and its parts; succeeds if it is already gone. */
  void abort(StorageSpace space, BlobName name, String assembly) throws IOException;
}
