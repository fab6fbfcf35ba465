package dev.silo.core.object;

import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.PayloadTooLargeException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Wraps an upload body on its way to the store: counts bytes, computes SHA-256 and MD5, and fails
 * as soon as the body passes the cap (so an oversize upload stops streaming at once, not at the
 * end) or ends before the announced length. Failures of the client's connection become a typed
 * error, so that the store's own {@link IOException}s can be told apart as backend failures.
 */
final class MeteredInputStream extends FilterInputStream {
  private final long cap;
  private final Long expectedLength;
  private final String capMessage;
  private final MessageDigest sha256;
  private final MessageDigest md5;
  private long count;

  MeteredInputStream(InputStream in, long cap, Long expectedLength, String capMessage) {
    super(in);
    this.cap = cap;
    this.expectedLength = expectedLength;
    this.capMessage = capMessage;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
      this.md5 = MessageDigest.getInstance("MD5");
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
      if (expectedLength != null && count != expectedLength) {
        throw new InvalidInputException("incomplete_body", "the request body is shorter than its Content-Length");
      }
      return n;
    }
    count += n;
    if (count > cap) {
      throw new PayloadTooLargeException("too_large", capMessage);
    }
    sha256.update(b, off, n);
    md5.update(b, off, n);
    return n;
  }

  @Override
  public long skip(long n) {
    throw new UnsupportedOperationException("an upload body is never skipped");
  }

  long count() {
    return count;
  }

  String sha256Hex() {
    return HexFormat.of().formatHex(sha256.digest());
  }

  String md5Hex() {
    return HexFormat.of().formatHex(md5.digest());
  }
}
