package dev.silo.core.object;

import dev.silo.core.domain.BlobName;

/**
 * A blob fully written and durable, not yet referenced by any object; or, for an inline blob
 * ({@link BlobName#inline()}), the bytes, as sealed for the row, that the publishing transaction will store ({@code inlineBytes},
 * null for any other blob; {@code intentId} 0, since nothing exists outside that transaction).
 */
public record StagedBlob(BlobName name, long size, String sha256, String md5, long intentId, byte[] inlineBytes) {

  public StagedBlob(BlobName name, long size, String sha256, String md5, long intentId) {
    this(name, size, sha256, md5, intentId, null);
  }

  public StagedBlob {
    if ((inlineBytes != null) != name.inline()) {
      throw new IllegalArgumentException("an inline blob name goes with its bytes, and only with them");
    }
  }
}
