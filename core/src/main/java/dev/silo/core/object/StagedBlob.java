package dev.silo.core.object;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.Checksum;

/**
 * A blob fully written and durable, not yet referenced by any object; or, for an inline blob
 * ({@link BlobName#inline()}), the bytes, as sealed for the row, that the publishing transaction will store ({@code inlineBytes},
 * null for any other blob; {@code intentId} 0, since nothing exists outside that transaction).
 * {@code checksum} is the additional checksum the body was checked against or computed ({@link
 * DeclaredDigest#checksum}), null for none.
 */
public record StagedBlob(BlobName name, long size, String sha256, String md5, long intentId, byte[] inlineBytes, Checksum checksum) {

  public StagedBlob(BlobName name, long size, String sha256, String md5, long intentId) {
    this(name, size, sha256, md5, intentId, null, null);
  }

  public StagedBlob(BlobName name, long size, String sha256, String md5, long intentId, byte[] inlineBytes) {
    this(name, size, sha256, md5, intentId, inlineBytes, null);
  }

  /** The same blob with the checksum its body had (null: none). */
  public StagedBlob withChecksum(Checksum c) {
    return new StagedBlob(name, size, sha256, md5, intentId, inlineBytes, c);
  }

  public StagedBlob {
    if ((inlineBytes != null) != name.inline()) {
      throw new IllegalArgumentException("an inline blob name goes with its bytes, and only with them");
    }
  }
}
