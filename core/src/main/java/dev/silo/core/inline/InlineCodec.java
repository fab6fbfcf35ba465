package dev.silo.core.inline;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.TenantId;

/**
 * The one seam between an inline object's plaintext and the bytes stored in its row: encryption at
 * rest plugs in here (sealing under the tenant's data key, the blob name as associated data), and
 * nothing else reads or writes inline rows.
 */
public interface InlineCodec {
  /** Stores plaintext as it is. */
  InlineCodec PLAIN =
      new InlineCodec() {
        @Override
        public byte[] seal(TenantId tenant, BlobName name, byte[] plain) {
          return plain;
        }

        @Override
        public byte[] open(TenantId tenant, BlobName name, byte[] stored) {
          return stored;
        }
      };

  /** The bytes to store for {@code plain}. */
  byte[] seal(TenantId tenant, BlobName name, byte[] plain);

  /** The plaintext of what {@link #seal} stored under the same tenant and name. */
  byte[] open(TenantId tenant, BlobName name, byte[] stored);
}
