package dev.silo.core.inline;

import dev.silo.core.domain.BlobSeal;
import dev.silo.core.domain.TenantId;

/**
 * The one seam between an inline object's plaintext and the bytes stored in its row: encryption at
 * rest plugs in here (sealing under the tenant's data key). Both directions run outside any
 * transaction, since a codec may need to load keys from the metadata store: the bytes are sealed
 * when the body is staged and opened after the reading transaction, and a row copied under a new
 * name (a version restored) is copied sealed, so nothing binds a row to its name.
 */
public interface InlineCodec {
  /** Stores plaintext as it is. */
  InlineCodec PLAIN =
      new InlineCodec() {
        @Override
        public byte[] seal(TenantId tenant, byte[] plain) {
          return plain;
        }

        @Override
        public byte[] open(TenantId tenant, byte[] stored) {
          return stored;
        }
      };

  /** The bytes to store for {@code plain}. */
  byte[] seal(TenantId tenant, byte[] plain);

  /** The plaintext of what {@link #seal} stored for the same tenant. */
  byte[] open(TenantId tenant, byte[] stored);

  /** How stored bytes are encrypted, for the object's facts; null when they are plain text. */
  default BlobSeal sealOf(byte[] stored) {
    return null;
  }
}
