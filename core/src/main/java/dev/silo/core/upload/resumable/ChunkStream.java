package dev.silo.core.upload.resumable;

import dev.silo.core.error.InvalidInputException;
import dev.silo.core.object.CappedBody;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One PATCH body on its way to storage: a {@link CappedBody} capped at the bytes the upload has
 * left, digested when the client declared a checksum, and added to the upload's running hashes
 * ({@code hashes}, null for an upload that keeps none).
 */
final class ChunkStream extends CappedBody {
  private final MessageDigest digest;
  private final RunningHashes hashes;

  ChunkStream(InputStream in, long cap, String algorithm, RunningHashes hashes) {
    super(in, cap, "the chunk goes past the upload's length or the tenant's limits");
    this.digest = algorithm == null ? null : digest(algorithm);
    this.hashes = hashes;
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
  protected void accept(byte[] b, int off, int n) {
    if (digest != null) {
      digest.update(b, off, n);
    }
    if (hashes != null) {
      hashes.update(b, off, n);
    }
  }

  boolean matches(byte[] expected) {
    return digest == null || MessageDigest.isEqual(digest.digest(), expected);
  }
}
