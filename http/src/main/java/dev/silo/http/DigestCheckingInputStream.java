package dev.silo.http;

import dev.silo.core.domain.Checksum;
import dev.silo.core.domain.ChecksumAlgorithm;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.object.DeclaredDigest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Computes a digest of a body as it streams and fails at its end when the digest differs from
 * the one the client declared ({@code x-amz-content-sha256}, {@code Content-MD5}). The failure is
 * a typed error thrown from {@code read}, so the upload it feeds is discarded. The writer takes the
 * checked digest from it ({@link DeclaredDigest}) instead of computing it again.
 */
public final class DigestCheckingInputStream extends FilterInputStream implements DeclaredDigest {
  private final String algorithm;
  private final MessageDigest digest;
  private final byte[] expected;
  private final String code;
  private boolean checked;
  private boolean matched;

  public DigestCheckingInputStream(InputStream in, String algorithm, byte[] expected, String code) {
    super(in);
    this.algorithm = algorithm;
    try {
      this.digest = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    this.expected = expected;
    this.code = code;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n < 0) {
      if (!checked) {
        checked = true;
        if (!MessageDigest.isEqual(digest.digest(), expected)) {
          throw new InvalidInputException(code, "the body does not match its declared digest; nothing was stored");
        }
        matched = true;
      }
      return n;
    }
    digest.update(b, off, n);
    return n;
  }

  /**
   * The body checked against a {@code Content-MD5} header (base64 of the 16-byte MD5, RFC 1864),
   * the same way on every protocol: absent, the body as it is; not base64 or not 16 bytes, 400
   * {@code invalid_digest} before any byte is read; a mismatch, 400 {@code bad_digest} at the end of
   * the body, so the upload it feeds stores nothing.
   */
  public static InputStream contentMd5(String header, InputStream body) {
    if (header == null) {
      return body;
    }
    byte[] expected;
    try {
      expected = java.util.Base64.getDecoder().decode(header.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("invalid_digest", "Content-MD5 must be the base64 of the body's MD5 (16 bytes)");
    }
    if (expected.length != 16) {
      throw new InvalidInputException("invalid_digest", "Content-MD5 must be the base64 of the body's MD5 (16 bytes)");
    }
    return new DigestCheckingInputStream(body, "MD5", expected, "bad_digest");
  }

  @Override
  public Optional<ChecksumAlgorithm> checksumAlgorithm() {
    return in instanceof DeclaredDigest inner ? inner.checksumAlgorithm() : Optional.empty();
  }

  @Override
  public Optional<Checksum> checksum() {
    return in instanceof DeclaredDigest inner ? inner.checksum() : Optional.empty();
  }

  @Override
  public boolean verifies(String algorithm) {
    return this.algorithm.equals(algorithm) || (in instanceof DeclaredDigest inner && inner.verifies(algorithm));
  }

  @Override
  public byte[] verified(String algorithm) {
    if (!this.algorithm.equals(algorithm)) {
      if (in instanceof DeclaredDigest inner) {
        return inner.verified(algorithm);
      }
      throw new IllegalStateException("this body does not verify " + algorithm);
    }
    if (!matched) {
      throw new IllegalStateException("the body has not been read to its end");
    }
    return expected.clone();
  }

  @Override
  public long skip(long n) {
    throw new UnsupportedOperationException("a checked body is never skipped");
  }
}
