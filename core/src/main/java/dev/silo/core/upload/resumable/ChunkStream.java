package dev.silo.core.upload.resumable;

import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.PayloadTooLargeException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One PATCH body on its way to storage: counted, cut off as soon as it passes the bytes the upload
 * has left ({@code cap}), and digested when the client declared a checksum. A broken client
 * connection becomes a typed error, so the store's own failures can be told apart.
 */
final class ChunkStream extends FilterInputStream {
  private final long cap;
  private final MessageDigest digest;
  private long count;

  ChunkStream(InputStream in, long cap, String algorithm) {
    super(in);
    this.cap = cap;
    this.digest = algorithm == null ? null : digest(algorithm);
  }

  static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(
          switch (algorithm) {
            case "sha1" -> "SHA-1";
            case "sha256" -> "SHA-256";
            default -> throw new InvalidInputException("unsupported_checksum", "checksum algorithm must be sha1 or sha256");
          });
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = super.read(b, off, len);
    } catch (IOException e) {
      throw new InvalidInputException("incomplete_body", "the request body ended early");
    }
    if (n < 0) {
      return n;
    }
    count += n;
    if (count > cap) {
      throw new PayloadTooLargeException("too_large", "the chunk goes past the upload's length or the tenant's limits");
    }
    if (digest != null) {
      digest.update(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) {
    throw new UnsupportedOperationException("an upload body is never skipped");
  }

  long count() {
    return count;
  }

  boolean matches(byte[] expected) {
    return digest == null || MessageDigest.isEqual(digest.digest(), expected);
  }
}
