package dev.silo.core.spi;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.StorageSpace;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * An optional capability of a {@link BlobStore} ({@link BlobStore#multipart()}): a blob assembled
 * from numbered parts that are uploaded one by one, possibly from different nodes, and published
 * at once (S3 multipart uploads). Two kinds of callers use it:
 *
 * <ul>
 *   <li>Resumable uploads ({@link #upload}), so that a chunk's bytes go straight to their final
 *       place; every part but the last has exactly {@link #partSize()} bytes, and the bytes that do
 *       not fill a part yet are kept by the caller, as an ordinary blob, until a later chunk
 *       completes the part.
 *   <li>S3 multipart uploads ({@link #uploadPart}, {@link #copyPart}), whose parts are the
 *       client's: each Silo part is one part of the assembly, of the size the client chose, and
 *       completion names the parts the client chose, a subset with gaps if it likes.
 * </ul>
 *
 * <p>Contract: uploading a part number again replaces that part. Nothing is readable under the
 * name until {@link #complete} succeeds, which publishes the named parts only (the others are
 * discarded); {@link #abort} discards every part and is idempotent.
 */
public interface MultipartBlobs {

  /** One uploaded part: its number, size and the store's tag for it. */
  record Part(int number, long size, String etag) {}

  /** Receives what is left of an input that did not fill a part (fewer than partSize bytes). */
  @FunctionalInterface
  interface Remainder {
    void accept(InputStream rest, int length);
  }

  /** Sends one part that {@link #cutParts} cut: {@code length} bytes of {@code buffer} as part {@code number}. */
  @FunctionalInterface
  interface PartSender {
    Part send(int number, byte[] buffer, int length) throws IOException;
  }

  /**
   * What {@link #upload} does, for every store: reads {@code in} a part at a time into {@code
   * buffer} (whose length is the part size), sends each full part, and a shorter last one once
   * {@code total} bytes were read (negative: never); a shorter rest otherwise goes to {@code
   * remainder}. A part is sent only once it is known to be full or last.
   */
  static List<Part> cutParts(InputStream in, byte[] buffer, int firstNumber, long total, Remainder remainder, PartSender send)
      throws IOException {
    int size = buffer.length;
    List<Part> parts = new java.util.ArrayList<>();
    long read = 0;
    while (true) {
      int n = in.readNBytes(buffer, 0, size);
      read += n;
      boolean last = total >= 0 && read == total;
      if (n == size || (last && n > 0)) {
        parts.add(send.send(firstNumber + parts.size(), buffer, n));
      } else if (n > 0) {
        remainder.accept(new java.io.ByteArrayInputStream(buffer, 0, n), n);
      }
      if (n < size) {
        return parts;
      }
    }
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

  /**
   * Uploads exactly {@code length} bytes of {@code in}, streamed, as part {@code number}; the
   * input's exceptions are rethrown unchanged (the part is then not uploaded).
   */
  Part uploadPart(StorageSpace space, BlobName name, String assembly, int number, InputStream in, long length)
      throws IOException;

  /**
   * Makes part {@code number} of the blob {@code source} of the same space, or of its inclusive
   * {@code range} when not null, without the bytes passing through Silo. A missing source is a
   * {@link BlobNotFoundException}.
   */
  Part copyPart(StorageSpace space, BlobName name, String assembly, int number, BlobName source, ByteRange range)
      throws IOException;

  /** Publishes the blob from {@code parts}, in ascending number order (not necessarily 1..n). */
  void complete(StorageSpace space, BlobName name, String assembly, List<Part> parts) throws IOException;

  /** Discards the assembly and its parts; succeeds if it is already gone. */
  void abort(StorageSpace space, BlobName name, String assembly) throws IOException;
}
