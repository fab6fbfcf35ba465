package dev.silo.core.object;

import dev.silo.core.domain.Checksum;
import dev.silo.core.domain.ChecksumAlgorithm;
import java.util.Optional;

/**
 * A request body that checks itself against a digest the client declared (S3's signed {@code
 * x-amz-content-sha256}, {@code Content-MD5}) and fails at its end on a mismatch. A body that
 * ended without failing has exactly that digest, so the writer takes it instead of computing the
 * same hash a second time; and it keeps the additional checksum it was checked against, which the
 * object keeps.
 */
public interface DeclaredDigest {
  /**
   * The additional checksum this body (or one it reads from) is checked against or computes
   * (an S3 {@code x-amz-checksum-*}), known before the first byte; empty for none.
   */
  default Optional<ChecksumAlgorithm> checksumAlgorithm() {
    return Optional.empty();
  }

  /** That checksum of the body, once it has ended (and matched what its client declared); empty for none. */
  default Optional<Checksum> checksum() {
    return Optional.empty();
  }

  /** Whether this body (or one it reads from) checks the digest of {@code algorithm} ("SHA-256", "MD5"). */
  boolean verifies(String algorithm);

  /**
   * The digest of {@code algorithm}, once the body has ended and matched it.
   *
   * @throws IllegalStateException before the end of the body, or for an algorithm it does not verify
   */
  byte[] verified(String algorithm);
}
