package dev.silo.core.credential.s3;

import dev.silo.core.support.Hashing;
import dev.silo.core.support.IdGenerator;
import dev.silo.core.support.PureMemo;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * S3 access key ids and their secrets. An id is {@code SILO} + a key-version digit + 15 upper-case
 * base-36 characters (20 characters, like AWS's). The secret is never stored: it is
 * HMAC-SHA256(version key, id), where the version key derives from the master key of that version,
 * so a database leak reveals no secret, and rotating the master key means issuing ids of a new
 * version while the old version's key is still configured.
 */
public final class S3Keys {
  static final String PREFIX = "SILO";
  static final int RANDOM_CHARS = 15;
  /** 30 MAC bytes are 40 base64url characters: 240 bits, and the length of an AWS secret. */
  private static final int SECRET_BYTES = 30;

  private final Map<Integer, byte[]> versionKeys = new TreeMap<>();
  private final int current;
  /** Derived on every S3 request otherwise; ids are checked against the store before this is asked. */
  private final PureMemo<String, Optional<String>> secrets = new PureMemo<>(10_000, this::derive);

  /**
   * @param masterKeys the master key of each version still accepted (digits 1–9)
   * @param current the version new ids are made with; must be among {@code masterKeys}
   */
  public S3Keys(Map<Integer, byte[]> masterKeys, int current) {
    if (!masterKeys.containsKey(current)) {
      throw new IllegalArgumentException("no master key for the current S3 key version " + current);
    }
    masterKeys.forEach(
        (version, key) -> {
          if (version < 1 || version > 9) {
            throw new IllegalArgumentException("S3 key versions are digits 1-9, not " + version);
          }
          versionKeys.put(version, Hashing.hmacSha256(key, "silo/s3-secret/v" + version));
        });
    this.current = current;
  }

  /** A fresh access key id of the current version. */
  public String newAccessKeyId(IdGenerator ids) {
    return PREFIX + current + ids.base36(RANDOM_CHARS).toUpperCase(Locale.ROOT);
  }

  /** Whether the string has the shape of one of our ids; says nothing about whether it exists. */
  public static boolean wellFormed(String id) {
    return id != null
        && id.length() == PREFIX.length() + 1 + RANDOM_CHARS
        && id.startsWith(PREFIX)
        && id.chars().skip(PREFIX.length()).allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'));
  }

  /** The secret of an id, or empty when the id is malformed or its key version is not configured. */
  public Optional<String> secretOf(String accessKeyId) {
    if (!wellFormed(accessKeyId)) {
      return Optional.empty();
    }
    return secrets.get(accessKeyId);
  }

  private Optional<String> derive(String accessKeyId) {
    byte[] key = versionKeys.get(accessKeyId.charAt(PREFIX.length()) - '0');
    if (key == null) {
      return Optional.empty();
    }
    byte[] mac = Arrays.copyOf(Hashing.hmacSha256(key, accessKeyId), SECRET_BYTES);
    return Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(mac));
  }
}
