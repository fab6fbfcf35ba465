package dev.silo.core.object;

import dev.silo.core.domain.Checksum;
import dev.silo.core.error.InvalidInputException;
import java.io.InputStream;
import java.util.HexFormat;

/**
 * An upload body on its way to the store: a {@link CappedBody} that also computes SHA-256 and MD5
 * ({@link BodyDigests}) and fails when the body ends before its announced length. A digest the
 * body verifies itself ({@link DeclaredDigest}: a signed S3 payload, a Content-MD5) is taken from
 * it rather than computed twice; a piece of an upload whose hashes the caller keeps (a TUS chunk)
 * is not hashed at all.
 */
final class MeteredInputStream extends CappedBody {
  private static final String SHA_256 = "SHA-256";
  private static final String MD5 = "MD5";

  private final Long expectedLength;
  private final DeclaredDigest declared;
  private final BodyDigests digests;
  private final boolean hashed;
  private boolean ended;

  MeteredInputStream(InputStream in, long cap, Long expectedLength, String capMessage) {
    this(in, cap, expectedLength, capMessage, true);
  }

  /** {@code hashed} false: no digests, {@link #sha256Hex} and {@link #md5Hex} are null. */
  MeteredInputStream(InputStream in, long cap, Long expectedLength, String capMessage, boolean hashed) {
    super(in, cap, capMessage);
    this.expectedLength = expectedLength;
    this.declared = in instanceof DeclaredDigest d ? d : null;
    this.hashed = hashed;
    this.digests = new BodyDigests(hashed && !verifies(SHA_256), hashed && !verifies(MD5));
  }

  private boolean verifies(String algorithm) {
    return declared != null && declared.verifies(algorithm);
  }

  @Override
  protected void accept(byte[] b, int off, int n) {
    digests.update(b, off, n);
  }

  @Override
  protected void atEnd(long count) {
    if (expectedLength != null && count != expectedLength) {
      throw new InvalidInputException("incomplete_body", "the request body is shorter than its Content-Length");
    }
    // The declared digests were checked before the end reached us (a mismatch throws first).
    ended = true;
  }

  String sha256Hex() {
    if (!hashed) {
      return null;
    }
    return HexFormat.of().formatHex(verifies(SHA_256) ? verified(SHA_256) : digests.sha256());
  }

  String md5Hex() {
    if (!hashed) {
      return null;
    }
    return HexFormat.of().formatHex(verifies(MD5) ? verified(MD5) : digests.md5());
  }

  private byte[] verified(String algorithm) {
    if (!ended) {
      // a store that stopped reading before the end: the declared digest was never checked
      throw new IllegalStateException("the body was not read to its end");
    }
    return declared.verified(algorithm);
  }

  /** The additional checksum the body had ({@link DeclaredDigest#checksum}), once it ended; null for none. */
  Checksum checksum() {
    return ended && declared != null ? declared.checksum().orElse(null) : null;
  }

  /** Stops any hashing still running: the write failed. */
  void abandon() {
    digests.abandon();
  }
}
