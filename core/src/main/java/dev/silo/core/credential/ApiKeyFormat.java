package dev.silo.core.credential;

import dev.silo.core.domain.TenantSlug;
import dev.silo.core.support.Hashing;
import dev.silo.core.support.IdGenerator;
import java.util.Optional;

/**
 * The shape of an API key: {@code <tenant-slug>_sk_<43 base-62 characters>}, 256 bits of
 * randomness. The slug in front lets a human and a log reader see whose key it is; the lookup
 * never trusts it (it goes by the hash of the whole key).
 */
public final class ApiKeyFormat {
  static final String MARKER = "_sk_";
  static final int SECRET_CHARS = 43;
  /** Characters of the secret kept in clear in the prefix shown by listings. */
  static final int SHOWN_CHARS = 4;

  private ApiKeyFormat() {}

  public static String generate(TenantSlug slug, IdGenerator ids) {
    return slug.value() + MARKER + ids.secret(SECRET_CHARS);
  }

  /** The part a listing may show: slug, marker and the first few characters. */
  public static String prefixOf(String key) {
    int at = key.indexOf(MARKER);
    return key.substring(0, at + MARKER.length() + SHOWN_CHARS);
  }

  /** Whether the string has the shape of a key; the slug it names is returned, unverified. */
  public static Optional<String> claimedSlug(String key) {
    if (key == null || key.length() > 200) {
      return Optional.empty();
    }
    int at = key.lastIndexOf(MARKER);
    if (at < 3 || key.length() - at - MARKER.length() != SECRET_CHARS) {
      return Optional.empty();
    }
    String secret = key.substring(at + MARKER.length());
    if (!secret.chars().allMatch(Character::isLetterOrDigit)) {
      return Optional.empty();
    }
    return Optional.of(key.substring(0, at));
  }

  /**
   * The stored hash. A plain SHA-256 suffices: the key has 256 bits of entropy, so there is
   * nothing for a slow hash to protect, and a fast one keeps authentication cheap.
   */
  public static byte[] hash(String key) {
    return Hashing.sha256(key);
  }
}
