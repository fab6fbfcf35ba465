package dev.silo.core.inline;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.BlobSeal;
import dev.silo.core.domain.TenantId;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.spi.TenantTx;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Which objects are kept inline, and their bytes in and out of the metadata store through the
 * {@link InlineCodec}. An object whose whole body is at most {@link #max()} bytes is inline
 * ({@code SILO_INLINE_MAX}; 0 keeps every object in the blob store). Bigger bodies, and those
 * assembled from parts or chunks (multipart, TUS, presigned), stay blobs.
 *
 * <p>The codec runs outside transactions ({@link #seal} when a body is staged, {@link #open} after
 * the read), the row's bytes move inside them ({@link #store}, {@link #stored}) exactly as sealed.
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

  /** Whether a body declared to be {@code length} bytes is certain to be stored inline. */
  public boolean holds(Long length) {
    return enabled() && length != null && length <= max;
  }

  /** The bytes a row stores for this plaintext of the tenant (encrypted when the codec encrypts). */
  public byte[] seal(TenantId tenant, byte[] plain) {
    try {
      return codec.seal(tenant, plain);
    } catch (UncheckedIOException e) {
      throw new UnavailableException("the object could not be encrypted", e);
    }
  }

  /** The plaintext of a row's bytes. */
  public byte[] open(TenantId tenant, byte[] stored) {
    try {
      return codec.open(tenant, stored);
    } catch (UncheckedIOException e) {
      throw new UnavailableException("the object could not be decrypted", e);
    }
  }

  /** How a row's bytes are encrypted, for the object's facts; null when plain. */
  public BlobSeal sealOf(byte[] stored) {
    return codec.sealOf(stored);
  }

  /** Stores sealed bytes in the caller's transaction. */
  public void store(TenantTx tx, BlobName name, byte[] stored) {
    tx.inline().put(name, stored);
  }

  /** A row's bytes as stored, or empty when it is gone (its object was overwritten). */
  public Optional<byte[]> stored(TenantTx tx, BlobName name) {
    return tx.inline().get(name);
  }
}
