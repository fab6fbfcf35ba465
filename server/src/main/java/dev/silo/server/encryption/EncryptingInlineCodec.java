package dev.silo.server.encryption;

import dev.silo.core.domain.BlobSeal;
import dev.silo.core.domain.TenantId;
import dev.silo.core.inline.InlineCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Encryption at rest for inline objects, the rows that hold small objects' bytes: each row is
 * sealed under the tenant's current data key, like a blob, with the tenant as associated data so
 * that a row moved to another tenant does not open (a restored version copies a row sealed, under a
 * new name, so the name is not bound). A sealed row is {@code SILOINL1}, the key version (4 bytes)
 * and the ciphertext; a row without that header was stored with encryption off (or before it) and
 * reads as it is.
 */
public final class EncryptingInlineCodec implements InlineCodec {
  static final byte[] MAGIC = "SILOINL1".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = MAGIC.length + 4;

  private final KeyRing keys;
  private final boolean encrypt;

  public EncryptingInlineCodec(KeyRing keys, boolean encrypt) {
    this.keys = keys;
    this.encrypt = encrypt;
  }

  @Override
  public byte[] seal(TenantId tenant, byte[] plain) {
    if (!encrypt) {
      return plain;
    }
    try {
      TenantCipher cipher = keys.current(tenant);
      byte[] sealed = cipher.sealWhole(plain, associated(tenant));
      byte[] row = new byte[HEADER + sealed.length];
      System.arraycopy(MAGIC, 0, row, 0, MAGIC.length);
      ByteBuffer.wrap(row, MAGIC.length, 4).putInt(cipher.version());
      System.arraycopy(sealed, 0, row, HEADER, sealed.length);
      return row;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new UncheckedIOException(new IOException("encryption is not available", e));
    }
  }

  @Override
  public byte[] open(TenantId tenant, byte[] stored) {
    int version = keyVersion(stored);
    if (version == 0) {
      return stored;
    }
    try {
      TenantCipher cipher =
          keys.version(tenant, version).orElseThrow(() -> new IOException("the key that encrypted this object no longer exists"));
      return cipher.openWhole(stored, HEADER, stored.length - HEADER, associated(tenant));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new UncheckedIOException(new IOException("the object could not be decrypted", e));
    }
  }

  @Override
  public BlobSeal sealOf(byte[] stored) {
    int version = keyVersion(stored);
    return version == 0 ? null : new BlobSeal(version, stored.length);
  }

  /** The key version a stored row is sealed with, 0 when it is plain text. */
  public static int keyVersion(byte[] stored) {
    if (stored.length < HEADER || !Arrays.equals(stored, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return 0;
    }
    return ByteBuffer.wrap(stored, MAGIC.length, 4).getInt();
  }

  private static byte[] associated(TenantId tenant) {
    return ("silo-inline:" + tenant.value()).getBytes(StandardCharsets.UTF_8);
  }
}
