package dev.silo.server.encryption;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.MultipartBlobs;
import dev.silo.core.support.PartBuffers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The store's native assembly (S3 multipart uploads) with every part encrypted as a unit of its
 * own ({@link Units}): the completed blob is its parts' units one after the other, which a read
 * finds from their trailers, so neither Complete nor a TUS publication reads or encrypts the bytes
 * again. Sizes and part boundaries are the plaintext's: a part of {@code n} bytes is stored as
 * {@link TenantCipher#storedSize(long)} bytes, which the backend accepts as a part of any size.
 *
 * <p>An assembly keeps the form it was begun in, whatever the setting when its later parts come:
 * a blob of sealed and plain parts could not be read (plain parts after sealed ones would even
 * read as plain text, wrongly). The form is recorded in the assembly's id ({@code sealed/} or
 * {@code plain/} before the backend's); an id without it (begun before the form was recorded)
 * takes the current setting, as it did.
 */
final class EncryptingMultipartBlobs implements MultipartBlobs {
  private static final String SEALED = "sealed/";
  private static final String PLAIN = "plain/";

  private final MultipartBlobs delegate;
  private final EncryptingBlobStore store;
  private final boolean encrypt;
  private final PartBuffers buffers;

  EncryptingMultipartBlobs(MultipartBlobs delegate, EncryptingBlobStore store, boolean encrypt) {
    this.delegate = delegate;
    this.store = store;
    this.encrypt = encrypt;
    this.buffers = new PartBuffers(delegate.partSize(), PartBuffers.forHeap(Runtime.getRuntime().maxMemory(), delegate.partSize()));
  }

  private boolean sealed(String assembly) {
    return assembly.startsWith(SEALED) || (!assembly.startsWith(PLAIN) && encrypt);
  }

  /** The backend's own id of the assembly. */
  private static String backend(String assembly) {
    return assembly.startsWith(SEALED) ? assembly.substring(SEALED.length())
        : assembly.startsWith(PLAIN) ? assembly.substring(PLAIN.length()) : assembly;
  }

  @Override
  public int partSize() {
    return delegate.partSize();
  }

  @Override
  public int maxParts() {
    return delegate.maxParts();
  }

  @Override
  public String begin(StorageSpace space, BlobName name) throws IOException {
    return (encrypt ? SEALED : PLAIN) + delegate.begin(space, name);
  }

  /**
   * A full part is known only once {@code partSize} bytes are read, and a part's stored length must
   * be known before it is sent: each part is read into a buffer (at most one per upload, bounded
   * across uploads) and then streamed encrypted.
   */
  @Override
  public List<Part> upload(
      StorageSpace space, BlobName name, String assembly, int firstNumber, InputStream in, long total, Remainder remainder)
      throws IOException {
    if (!sealed(assembly)) {
      return delegate.upload(space, name, backend(assembly), firstNumber, in, total, remainder);
    }
    byte[] buffer = buffers.acquire();
    try {
      return MultipartBlobs.cutParts(in, buffer, firstNumber, total, remainder,
          (number, bytes, n) -> uploadPart(space, name, assembly, number, new ByteArrayInputStream(bytes, 0, n), n));
    } finally {
      buffers.release(buffer);
    }
  }

  @Override
  public Part uploadPart(StorageSpace space, BlobName name, String assembly, int number, InputStream in, long length)
      throws IOException {
    if (!sealed(assembly)) {
      return delegate.uploadPart(space, name, backend(assembly), number, in, length);
    }
    EncryptingBlobStore.Sealing sealing = store.sealing(space, Bounded.exactly(in, length));
    Part stored = delegate.uploadPart(space, name, backend(assembly), number, sealing.input(), sealing.storedSize(length));
    return new Part(number, length, stored.etag());
  }

  /**
   * Into a sealed assembly a whole encrypted source is copied inside the backend: its units stay
   * units; a range of it, or a source in plain text, is read and encrypted into the part. Into a
   * plain one a plain source is copied inside the backend, and an encrypted one read and decrypted.
   */
  @Override
  public Part copyPart(StorageSpace space, BlobName name, String assembly, int number, BlobName source, ByteRange range)
      throws IOException {
    Units layout = store.layout(space, source);
    if (!sealed(assembly) && layout == null) {
      return delegate.copyPart(space, name, backend(assembly), number, source, range);
    }
    if (sealed(assembly) && range == null && layout != null) {
      Part copied = delegate.copyPart(space, name, backend(assembly), number, source, null);
      return new Part(number, layout.plaintextSize(), copied.etag());
    }
    long size = range == null ? store.size(space, source).orElse(0) : range.last() - range.first() + 1;
    try (InputStream plain = store.read(space, source, range)) {
      return uploadPart(space, name, assembly, number, plain, size);
    }
  }

  @Override
  public void complete(StorageSpace space, BlobName name, String assembly, List<Part> parts) throws IOException {
    delegate.complete(space, name, backend(assembly), parts);
  }

  @Override
  public void abort(StorageSpace space, BlobName name, String assembly) throws IOException {
    delegate.abort(space, name, backend(assembly));
  }
}
