package dev.silo.server.encryption;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master key's versions ({@code SILO_MASTER_KEY}, {@code SILO_MASTER_KEY_VERSION} and {@code
 * SILO_PREVIOUS_MASTER_KEYS}, numbered as for S3 secrets) as key-wrapping AEADs: AES-256-GCM
 * (Tink) under a key derived from each version, so the wrapping key is never the master key used
 * for signing. The associated data binds a wrapped key to its tenant and version.
 */
public final class MasterKeys {
  private static final byte[] LABEL = "silo tenant data key wrapping v1".getBytes(StandardCharsets.UTF_8);

  private final int current;
  private final Map<Integer, Aead> versions = new TreeMap<>();

  public MasterKeys(int current, Map<Integer, byte[]> keys) {
    this.current = current;
    keys.forEach((version, key) -> versions.put(version, aead(key)));
    if (!versions.containsKey(current)) {
      throw new IllegalArgumentException("no master key of the current version " + current);
    }
  }

  public int current() {
    return current;
  }

  byte[] wrap(byte[] dataKey, byte[] associated) throws GeneralSecurityException {
    return versions.get(current).encrypt(dataKey, associated);
  }

  /**
   * The data key, or a GeneralSecurityException when no master key at hand wrapped it. The version
   * the row names is tried first; then the others, since an operator may have renumbered a key
   * (AES-GCM's tag tells the right one, a wrong one never yields a key).
   */
  byte[] unwrap(int masterVersion, byte[] wrapped, byte[] associated) throws GeneralSecurityException {
    Aead named = versions.get(masterVersion);
    if (named != null) {
      try {
        return named.decrypt(wrapped, associated);
      } catch (GeneralSecurityException e) {
        // another version's key, perhaps
      }
    }
    for (Aead other : versions.values()) {
      if (other != named) {
        try {
          return other.decrypt(wrapped, associated);
        } catch (GeneralSecurityException e) {
          // not this one
        }
      }
    }
    throw new GeneralSecurityException("no master key at hand wrapped this key (version " + masterVersion + ")");
  }

  private static Aead aead(byte[] master) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(master, "HmacSHA256"));
      return new AesGcmJce(mac.doFinal(LABEL));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }
}
