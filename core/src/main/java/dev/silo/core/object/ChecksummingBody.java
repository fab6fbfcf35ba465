package dev.silo.core.object;

import dev.silo.core.domain.Checksum;
import dev.silo.core.domain.ChecksumAlgorithm;
import dev.silo.core.error.InvalidInputException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A part of a multipart upload that asked for a checksum ({@link Checksum.Kind}), given without
 * one: the checksum is computed as the bytes pass, as S3 computes it, so that every part has the
 * value its object's checksum is derived from. A body that declares the upload's algorithm itself
 * is taken as it is; one that declares another is refused before a byte is read.
 */
public final class ChecksummingBody extends CappedBody implements DeclaredDigest {
  private final ChecksumAlgorithm algorithm;
  private final ChecksumAlgorithm.Running running;
  private byte[] value;

  private ChecksummingBody(InputStream in, ChecksumAlgorithm algorithm) {
    super(in, Long.MAX_VALUE, "never: the body's own cap is applied where it is stored");
    this.algorithm = algorithm;
    this.running = algorithm.start();
  }

  /** {@code body} with a checksum of {@code kind}'s algorithm: its own, or one computed here; {@code body} when kind is null. */
  public static InputStream of(InputStream body, Checksum.Kind kind) {
    if (kind == null) {
      return body;
    }
    Optional<ChecksumAlgorithm> declared = body instanceof DeclaredDigest d ? d.checksumAlgorithm() : Optional.empty();
    if (declared.isPresent()) {
      if (declared.get() != kind.algorithm()) {
        throw new InvalidInputException("invalid_checksum",
            "the upload was created for " + kind.algorithm() + " checksums, the part declares " + declared.get());
      }
      return body;
    }
    return new ChecksummingBody(body, kind.algorithm());
  }

  @Override
  protected void accept(byte[] b, int off, int n) {
    running.update(b, off, n);
  }

  @Override
  protected void atEnd(long count) {
    if (value == null) {
      value = running.value();
    }
  }

  @Override
  public Optional<ChecksumAlgorithm> checksumAlgorithm() {
    return Optional.of(algorithm);
  }

  @Override
  public Optional<Checksum> checksum() {
    return value == null ? Optional.empty() : Optional.of(Checksum.full(algorithm, value));
  }

  @Override
  public boolean verifies(String digest) {
    return in instanceof DeclaredDigest inner && inner.verifies(digest);
  }

  @Override
  public byte[] verified(String digest) {
    if (in instanceof DeclaredDigest inner) {
      return inner.verified(digest);
    }
    throw new IllegalStateException("this body does not verify " + digest);
  }
}
