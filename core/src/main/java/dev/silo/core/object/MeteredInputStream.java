package dev.silo.core.object;

import dev.silo.core.error.InvalidInputException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An upload body on its way to the store: a {@link CappedBody} that also computes SHA-256 and MD5
 * and fails when the body ends before its announced length.
 */
final class MeteredInputStream extends CappedBody {
  private final Long expectedLength;
  private final MessageDigest sha256;
  private final MessageDigest md5;

  MeteredInputStream(InputStream in, long cap, Long expectedLength, String capMessage) {
    super(in, cap, capMessage);
    this.expectedLength = expectedLength;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
      this.md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected void accept(byte[] b, int off, int n) {
    sha256.update(b, off, n);
    md5.update(b, off, n);
  }

  @Override
  protected void atEnd(long count) {
    if (expectedLength != null && count != expectedLength) {
      throw new InvalidInputException("incomplete_body", "the request body is shorter than its Content-Length");
    }
  }

  String sha256Hex() {
    return HexFormat.of().formatHex(sha256.digest());
  }

  String md5Hex() {
    return HexFormat.of().formatHex(md5.digest());
  }
}
