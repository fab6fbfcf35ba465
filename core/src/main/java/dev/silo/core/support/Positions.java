package dev.silo.core.support;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, per-viewer forms of the store's global sequence numbers (event positions, audit ids and
 * cursors, webhook delivery ids). The numbers come from sequences every tenant shares, so shown
 * as they are they would let a tenant count other tenants' writes between two of its own.
 *
 * <p>A token is one AES block holding the number and a 64-bit tag of (kind, viewer), encrypted
 * under a key derived from the master key: the same number always gives the same token for the
 * same viewer (a position does not move while only others write), tokens reveal no order or gap,
 * and a token made for another tenant or another kind does not decode. Every node that shares the
 * master key agrees; tokens made under a previous master key still decode after a rotation.
 */
public final class Positions {
  /** What a number counts; a token of one kind is never accepted as another. */
  public enum Kind {
    EVENT,
    AUDIT,
    DELIVERY
  }

  /** The viewer of the operator's cross-tenant views. */
  public static final String OPERATOR = "operator";

  private record Keys(SecretKeySpec cipher, byte[] tag) {}

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private final List<Keys> keys;

  public Positions(byte[] masterKey, List<byte[]> previousMasterKeys) {
    List<Keys> all = new ArrayList<>();
    all.add(derive(masterKey));
    for (byte[] previous : previousMasterKeys) {
      all.add(derive(previous));
    }
    this.keys = List.copyOf(all);
  }

  private static Keys derive(byte[] masterKey) {
    if (masterKey.length < 32) {
      throw new IllegalArgumentException("the master key must be at least 32 bytes");
    }
    return new Keys(
        new SecretKeySpec(Hashing.hmacSha256(masterKey, "silo/positions/cipher/v1"), "AES"),
        Hashing.hmacSha256(masterKey, "silo/positions/tag/v1"));
  }

  /** The token a viewer (a tenant id, or {@link #OPERATOR}) sees for {@code value}. */
  public String encode(Kind kind, String viewer, long value) {
    Keys k = keys.getFirst();
    byte[] block = ByteBuffer.allocate(16).putLong(value).put(tag(k, kind, viewer)).array();
    return ENCODER.encodeToString(crypt(Cipher.ENCRYPT_MODE, k, block));
  }

  /** The number behind a token, or empty when the token is malformed or not this viewer's. */
  public OptionalLong decode(Kind kind, String viewer, String token) {
    if (token == null || token.length() != 22) {
      return OptionalLong.empty();
    }
    byte[] block;
    try {
      block = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return OptionalLong.empty();
    }
    for (Keys k : keys) {
      ByteBuffer plain = ByteBuffer.wrap(crypt(Cipher.DECRYPT_MODE, k, block));
      long value = plain.getLong();
      byte[] tag = new byte[8];
      plain.get(tag);
      if (MessageDigest.isEqual(tag, tag(k, kind, viewer))) {
        return OptionalLong.of(value);
      }
    }
    return OptionalLong.empty();
  }

  private static byte[] tag(Keys k, Kind kind, String viewer) {
    byte[] mac = Hashing.hmacSha256(k.tag(), kind.name() + "/" + viewer);
    return java.util.Arrays.copyOf(mac, 8);
  }

  /** One block: a keyed permutation, so equal numbers give equal tokens for one viewer. */
  private static byte[] crypt(int mode, Keys k, byte[] block) {
    try {
      Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
      c.init(mode, k.cipher());
      return c.doFinal(block);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
