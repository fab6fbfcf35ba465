package dev.silo.core.object;

import dev.silo.core.domain.Checksum;
import dev.silo.core.domain.ChecksumAlgorithm;
import dev.silo.core.error.InvalidInputException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A body whose additional checksum ({@link ChecksumAlgorithm}) is computed as the bytes pass, the
 * one the object (or part) keeps: for a part of a multipart upload that asked for a checksum
 * ({@link Checksum.Kind}) and was given without one, as S3 computes it ({@link #of}); and, through
 * {@link #check}, for a body checked against the value its client declared (the S3 adapter's).
 * The digests a body below it verifies (a signed payload's SHA-256, a Content-MD5) pass through.
 */
public class ChecksummingBody extends CappedBody implements DeclaredDigest {
  private final ChecksumAlgorithm algorithm;
  private final ChecksumAlgorithm.Running running;
  private byte[] value;

  protected ChecksummingBody(InputStream in, ChecksumAlgorithm algorithm) {
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
  protected final void atEnd(long count) {
    if (value == null) {
      byte[] computed = running.value(); // once: a digest's value resets it
      check(computed);
      value = computed;
    }
  }

  /** Called once at the end with the computed value, before it is the body's; may refuse it. */
  protected void check(byte[] computed) {}

  protected final ChecksumAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public final Optional<ChecksumAlgorithm> checksumAlgorithm() {
    return Optional.of(algorithm);
  }

  @Override
  public final Optional<Checksum> checksum() {
    return value == null ? Optional.empty() : Optional.of(Checksum.full(algorithm, value));
  }

  @Override
  public final boolean verifies(String digest) {
    return in instanceof DeclaredDigest inner && inner.verifies(digest);
  }

  @Override
  public final byte[] verified(String digest) {
    if (in instanceof DeclaredDigest inner) {
      return inner.verified(digest);
    }
    throw new IllegalStateException("this body does not verify " + digest);
  }
}
