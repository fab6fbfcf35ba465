package dev.silo.core.spi;

/**
 * Hears from a {@link MetadataStore} of the commits that take authority away from a credential:
 * a revoked API key or S3 access key, a tenant changed (suspended, say) or deleted. A node may
 * keep what it read of a live credential only while its store {@linkplain #hearing hears} every
 * such commit, of every node; this is how it learns to forget.
 */
public interface CredentialWatch {
  /** A commit revoked a credential or changed a tenant, or one may have gone unheard: forget what was read. */
  void changed();

  /**
   * Whether the store hears every node's such commits from now on ({@code true}: what was read
   * before may be stale, so forget it first), or has stopped hearing them ({@code false}: read
   * every credential from the store until it hears again).
   */
  void hearing(boolean hearing);
}
