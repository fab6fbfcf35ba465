package dev.silo.core.inline;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.TenantId;
import dev.silo.core.spi.TenantTx;
import java.util.Optional;

/**
 * Which objects are kept inline, and their bytes in and out of the metadata store through the
 * {@link InlineCodec}. An object whose whole body is at most {@link #max()} bytes is inline
 * ({@code SILO_INLINE_MAX}; 0 keeps every object in the blob store). Bigger bodies, and those
 * assembled from parts or chunks (multipart, TUS, presigned), stay blobs.
 */
public record InlineBlobs(int max, InlineCodec codec) {
  /** 64 KiB: a row's worth, well under what SQLite and PostgreSQL keep in a page or TOAST. */
  public static final int DEFAULT_MAX = 64 * 1024;

  /** The largest value accepted: a row is not a blob store. */
  public static final int LIMIT = 1024 * 1024;

  public static final InlineBlobs DEFAULT = new InlineBlobs(DEFAULT_MAX, InlineCodec.PLAIN);

  public InlineBlobs {
    if (max < 0 || max > LIMIT) {
      throw new IllegalArgumentException("inline maximum " + max + " is not within 0.." + LIMIT);
    }
    codec = codec == null ? InlineCodec.PLAIN : codec;
  }

  public boolean enabled() {
    return max > 0;
  }

  /** Stores an inline blob in the caller's transaction. */
  public void store(TenantTx tx, TenantId tenant, BlobName name, byte[] plain) {
    tx.inline().put(name, codec.seal(tenant, name, plain));
  }

  /** The plaintext of an inline blob, or empty when it is gone (its object was overwritten). */
  public Optional<byte[]> load(TenantTx tx, TenantId tenant, BlobName name) {
    return tx.inline().get(name).map(stored -> codec.open(tenant, name, stored));
  }
}
