package dev.silo.core.signing;

import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.TenantId;
import dev.silo.core.error.ForbiddenException;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.support.Hashing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Mints and verifies signed-URL tokens. A token is {@code v1.<kid>.<tenant>.<expiry>.<upload>.<mac>}:
 * the tenant rides in the token because the URL carries no credential, and the MAC covers it
 * together with bucket, key and method taken from the request itself, so that changing any of
 * them, or the expiry, breaks the MAC.
 */
public final class UrlSigner {
  public static final Duration MIN_TTL = Duration.ofSeconds(60);
  public static final Duration MAX_TTL = Duration.ofSeconds(86_400);
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(3_600);

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final SigningKeys keys;
  private final Clock clock;

  public UrlSigner(SigningKeys keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /** Validates a client's TTL request: absent means the default, outside 60–86400 s is refused. */
  public static Duration ttl(Long seconds) {
    if (seconds == null) {
      return DEFAULT_TTL;
    }
    Duration ttl = Duration.ofSeconds(seconds);
    if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
      throw new InvalidInputException("invalid_ttl", "ttl_seconds must be between 60 and 86400");
    }
    return ttl;
  }

  public Instant expiryFor(Duration ttl) {
    return clock.instant().plus(ttl).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  public String sign(SignedClaims claims) {
    SigningKeys.SigningKey key = keys.current();
    String upload = claims.upload() == null ? "-" : claims.upload().value();
    long exp = claims.expiresAt().getEpochSecond();
    String mac = mac(key.secret(), key.kid(), claims.tenant(), exp, upload, claims);
    return "v1." + key.kid() + "." + claims.tenant().value() + "." + exp + "." + upload + "." + mac;
  }

  /**
   * Verifies a token against the request it arrived with; returns the claims it grants. Every
   * failure is the same 403, so a prober learns nothing about which part was wrong.
   */
  public SignedClaims verify(String token, BucketName bucket, ObjectKey key, String method) {
    String[] parts = token == null ? new String[0] : token.split("\\.", -1);
    if (parts.length != 6 || !parts[0].equals("v1")) {
      throw denied();
    }
    SigningKeys.SigningKey signingKey = keys.byKid(parts[1]).orElseThrow(UrlSigner::denied);
    TenantId tenant;
    long exp;
    ObjectId upload;
    try {
      tenant = new TenantId(parts[2]);
      exp = Long.parseLong(parts[3]);
      upload = parts[4].equals("-") ? null : new ObjectId(parts[4]);
    } catch (RuntimeException e) {
      throw denied();
    }
    SignedClaims claims =
        new SignedClaims(tenant, bucket, key, method, Instant.ofEpochSecond(exp), upload);
    String expected = mac(signingKey.secret(), signingKey.kid(), tenant, exp, parts[4], claims);
    if (!Hashing.secretsEqual(expected, parts[5])) {
      throw denied();
    }
    if (!clock.instant().isBefore(claims.expiresAt())) {
      throw new ForbiddenException("signature_expired", "the signed URL has expired");
    }
    return claims;
  }

  /** The key id of a token, for the audit log; no verification. */
  public static String kidOf(String token) {
    String[] parts = token.split("\\.", -1);
    return parts.length > 1 ? parts[1] : "?";
  }

  private static String mac(
      byte[] secret, String kid, TenantId tenant, long exp, String upload, SignedClaims c) {
    String canonical =
        String.join(
            "\n",
            "v1",
            kid,
            tenant.value(),
            c.bucket().value(),
            c.key().value(),
            c.method(),
            Long.toString(exp),
            upload);
    return B64.encodeToString(Hashing.hmacSha256(secret, canonical));
  }

  private static ForbiddenException denied() {
    return new ForbiddenException("invalid_signature", "the signed URL is invalid");
  }

}
