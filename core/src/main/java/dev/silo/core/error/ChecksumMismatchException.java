package dev.silo.core.error;

/**
 * A body's checksum differs from the one its sender declared (TUS {@code Upload-Checksum}); the
 * bytes were discarded. Protocols map it to their own code: TUS 460, S3 {@code BadDigest}.
 */
public final class ChecksumMismatchException extends SiloException {
  public ChecksumMismatchException(String message) {
    super("checksum_mismatch", message);
  }
}
