package dev.silo.core.signing;

import dev.silo.core.auth.Lineage;
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
 * Mints and verifies signed-URL tokens. A token is {@code v2.<kid>.<tenant>.<expiry>.<upload>.<issuer>.<mac>}:
 * the tenant rides in the token because the URL carries no credential, the issuer names the
 * credential that minted it (see {@link Lineage}), and the MAC covers them together with bucket,
 * key and method taken from the request itself, so that changing any of them, or the expiry,
 * breaks the MAC. Verification needs no lookup: it comes before any. Tokens of the first format
 * ({@code v1}, without an issuer) are refused: they could not be revoked with their credential,
 * and they lived 24 h at most.
 */
public final class UrlSigner {
  public static final Duration MIN_TTL = Duration.ofSeconds(60);
  public static final Duration MAX_TTL = Duration.ofSeconds(86_400);
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(3_600);

  private static final String VERSION = "v2";
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
    String issuer = claims.issuer().encode();
    String mac = mac(key.secret(), key.kid(), claims, exp, upload, issuer);
    return VERSION + "." + key.kid() + "." + claims.tenant().value() + "." + exp + "." + upload + "." + issuer + "." + mac;
  }

  /**
   * Verifies a token against the request it arrived with; returns the claims it grants. A resumable
   * upload token is verified for method {@link SignedClaims#UPLOAD} with no bucket or key: it names
   * its upload only. It needs no lookup; every failure is the same 403, so a prober learns nothing
   * about which part was wrong.
   */
  public SignedClaims verify(String token, BucketName bucket, ObjectKey key, String method) {
    return verify(token, bucket, key, method, null);
  }

  /** As {@link #verify(String, BucketName, ObjectKey, String)}, for a request that names a version of the key. */
  public SignedClaims verify(String token, BucketName bucket, ObjectKey key, String method, String version) {
    SignedClaims claims = authentic(token, bucket, key, method, version);
    if (!clock.instant().isBefore(claims.expiresAt())) {
      throw new ForbiddenException("signature_expired", "the signed URL has expired");
    }
    return claims;
  }

  /**
   * The claims of a token whose MAC holds for the request, expired or not; empty for any other.
   * Never a grant: only what a refusal of the token may say about where it was minted (the CORS
   * headers of the answer that refuses it).
   */
  public java.util.Optional<SignedClaims> authenticIgnoringExpiry(String token, BucketName bucket, ObjectKey key, String method, String version) {
    try {
      return java.util.Optional.of(authentic(token, bucket, key, method, version));
    } catch (ForbiddenException e) {
      return java.util.Optional.empty();
    }
  }

  private SignedClaims authentic(String token, BucketName bucket, ObjectKey key, String method, String version) {
    String[] parts = token == null ? new String[0] : token.split("\\.", -1);
    if (parts.length != 7 || !parts[0].equals(VERSION)) {
      throw denied();
    }
    SigningKeys.SigningKey signingKey = keys.byKid(parts[1]).orElseThrow(UrlSigner::denied);
    SignedClaims claims;
    long exp;
    try {
      exp = Long.parseLong(parts[3]);
      ObjectId upload = parts[4].equals("-") ? null : new ObjectId(parts[4]);
      claims = new SignedClaims(
          new TenantId(parts[2]), bucket, key, method, Instant.ofEpochSecond(exp), upload, Lineage.decode(parts[5]), version);
    } catch (RuntimeException e) {
      throw denied();
    }
    String expected = mac(signingKey.secret(), signingKey.kid(), claims, exp, parts[4], parts[5]);
    if (!Hashing.secretsEqual(expected, parts[6])) {
      throw denied();
    }
    return claims;
  }

  private static String mac(byte[] secret, String kid, SignedClaims c, long exp, String upload, String issuer) {
    String canonical =
        String.join(
            "\n",
            VERSION,
            kid,
            c.tenant().value(),
            c.bucket() == null ? "" : c.bucket().value(),
            c.key() == null ? "" : c.key().value(),
            c.method(),
            Long.toString(exp),
            upload,
            issuer)
        // a version is signed only when named, so that URLs for current objects keep their MAC
        + (c.version() == null ? "" : "\nversion:" + c.version());
    return B64.encodeToString(Hashing.hmacSha256(secret, canonical));
  }

  private static ForbiddenException denied() {
    return new ForbiddenException("invalid_signature", "the signed URL is invalid");
  }

}
