package dev.silo.core.signing;

import dev.silo.core.support.Hashing;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The keys that sign URLs, derived from the master key so that every node of a cluster that
 * shares the master key agrees on them. Previous master keys are kept for verification only: a
 * rotation keeps URLs signed before it valid until they expire (at most 24 h), after which the
 * operator drops the old key.
 */
public final class SigningKeys {
  /** One derived key and the short id that names it inside tokens. */
  public record SigningKey(String kid, byte[] secret) {}

  private static final String PURPOSE = "silo/url-signing/v1";

  private final SigningKey current;
  private final List<SigningKey> all;

  public SigningKeys(byte[] masterKey, List<byte[]> previousMasterKeys) {
    this.current = derive(masterKey);
    List<SigningKey> keys = new ArrayList<>();
    keys.add(current);
    for (byte[] previous : previousMasterKeys) {
      keys.add(derive(previous));
    }
    this.all = List.copyOf(keys);
  }

  private static SigningKey derive(byte[] masterKey) {
    if (masterKey.length < 32) {
      throw new IllegalArgumentException("the master key must be at least 32 bytes");
    }
    byte[] secret = Hashing.hmacSha256(masterKey, PURPOSE);
    String kid = Hashing.hex(Hashing.sha256(secret)).substring(0, 8);
    return new SigningKey(kid, secret);
  }

  public SigningKey current() {
    return current;
  }

  public Optional<SigningKey> byKid(String kid) {
    return all.stream().filter(k -> k.kid().equals(kid)).findFirst();
  }
}
