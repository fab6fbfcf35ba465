package dev.silo.core.object;

/**
 * A request body that checks itself against a digest the client declared (S3's signed {@code
 * x-amz-content-sha256}, {@code Content-MD5}) and fails at its end on a mismatch. A body that
 * ended without failing has exactly that digest, so the writer takes it instead of computing the
 * same hash a second time.
 */
public interface DeclaredDigest {
  /** Whether this body (or one it reads from) checks the digest of {@code algorithm} ("SHA-256", "MD5"). */
  boolean verifies(String algorithm);

  /**
   * The digest of {@code algorithm}, once the body has ended and matched it.
   *
   * @throws IllegalStateException before the end of the body, or for an algorithm it does not verify
   */
  byte[] verified(String algorithm);
}
