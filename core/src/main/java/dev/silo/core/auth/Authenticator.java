package dev.silo.core.auth;

import dev.silo.core.audit.AuditRecord;
import dev.silo.core.credential.ApiKeyFormat;
import dev.silo.core.credential.s3.S3Keys;
import dev.silo.core.domain.ApiKeyId;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.error.ForbiddenException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.error.UnauthenticatedException;
import dev.silo.core.signing.SignedClaims;
import dev.silo.core.signing.UrlSigner;
import dev.silo.core.spi.ApiKeyLookup;
import dev.silo.core.spi.CredentialWatch;
import dev.silo.core.spi.GlobalTx;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.spi.S3CredentialRepository;
import dev.silo.core.support.Hashing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a presented credential into a {@link RequestContext}: the one place a tenant is derived
 * from a request. Every failure to authenticate is the same 401 whatever went wrong, so that
 * probing learns nothing; a suspended tenant is a 403.
 */
public final class Authenticator {
  /** last_used_at is written at most this often per key, so reads do not all become writes. */
  private static final Duration TOUCH_INTERVAL = Duration.ofSeconds(60);
  /** Failed authentications audited per source address and minute, unless configured otherwise. */
  public static final int DEFAULT_FAILURES_AUDITED_PER_SOURCE = 30;
  /** Failed authentications audited per minute in all, unless configured otherwise. */
  public static final int DEFAULT_FAILURES_AUDITED = 300;

  private final MetadataStore metadata;
  private final UrlSigner signer;
  private final String operatorToken;
  private final Clock clock;
  private final Map<ApiKeyId, Instant> lastTouched = new ConcurrentHashMap<>();
  private final Map<String, Instant> s3LastTouched = new ConcurrentHashMap<>();
  private final S3Keys s3Keys;
  private final JwtVerifier jwts;
  private final FailureAuditLimiter failures;
  private final LiveCredentials live;

  public Authenticator(MetadataStore metadata, UrlSigner signer, String operatorToken, Clock clock) {
    this(metadata, signer, operatorToken, clock, null);
  }

  /** {@code s3Keys} null: no S3 credential is ever accepted. */
  public Authenticator(MetadataStore metadata, UrlSigner signer, String operatorToken, Clock clock, S3Keys s3Keys) {
    this(metadata, signer, operatorToken, clock, s3Keys, JwtVerifier.NONE);
  }

  /** {@code jwts}: verifies JWTs from tenants' identity providers. */
  public Authenticator(
      MetadataStore metadata, UrlSigner signer, String operatorToken, Clock clock, S3Keys s3Keys, JwtVerifier jwts) {
    this(metadata, signer, operatorToken, clock, s3Keys, jwts,
        new FailureAuditLimiter(DEFAULT_FAILURES_AUDITED_PER_SOURCE, DEFAULT_FAILURES_AUDITED, clock));
  }

  /** {@code failures}: how many failed authentications are audited. */
  public Authenticator(
      MetadataStore metadata, UrlSigner signer, String operatorToken, Clock clock, S3Keys s3Keys, JwtVerifier jwts,
      FailureAuditLimiter failures) {
    this.failures = failures;
    this.jwts = jwts;
    this.s3Keys = s3Keys;
    this.metadata = metadata;
    this.signer = signer;
    this.operatorToken = operatorToken;
    this.clock = clock;
    this.live = new LiveCredentials(clock);
  }

  /**
   * What tells this authenticator when a credential it read may no longer be live; until it is
   * given to {@link MetadataStore#watchCredentials}, every credential is read on every request.
   */
  public CredentialWatch credentialWatch() {
    return live;
  }

  /**
   * A bearer credential, resolved in seed 003's order: the operator token, a JWT from a tenant's
   * identity provider, a tenant API key. A failure is recorded in the global audit log.
   */
  public RequestContext bearer(String presented, String requestId, String source) {
    try {
      if (presented == null || presented.isBlank()) {
        throw unauthenticated();
      }
      if (Hashing.secretsEqual(presented, operatorToken)) {
        return new RequestContext(null, new Principal.Operator(), Scope.ALL, requestId, source, new Lineage.Operator());
      }
      if (JwtVerifier.looksLikeJwt(presented)) {
        return jwt(presented, requestId, source);
      }
      return apiKey(presented, requestId, source);
    } catch (UnauthenticatedException e) {
      recordFailure("auth.failed", presented == null ? "none" : kindOf(presented), requestId, source);
      throw e;
    }
  }

  /**
   * Records a failed authentication (no tenant: the credential named none that was proven), within
   * the {@link FailureAuditLimiter}'s budget; what it leaves out is written later as a count.
   */
  public void recordFailure(String action, String target, String requestId, String source) {
    FailureAuditLimiter.Decision d = failures.admit(source);
    if (!d.record() && d.suppressedBefore() == 0) {
      return;
    }
    try {
      metadata.global(
          tx -> {
            Instant now = clock.instant();
            if (d.suppressedBefore() > 0) {
              tx.journal().audit(new AuditRecord(0, null, now, "anonymous", "auth.failed.suppressed",
                  d.suppressedBefore() + " over budget",
                  "failure", requestId, source));
            }
            if (d.record()) {
              tx.journal().audit(new AuditRecord(0, null, now, "anonymous", action, target, "failure", requestId, source));
            }
            return null;
          });
    } catch (RuntimeException ignored) {
      // an unavailable database must not turn a 401 into a 500; the access log still has it
    }
  }

  private static String kindOf(String presented) {
    if (JwtVerifier.looksLikeJwt(presented)) {
      return "jwt";
    }
    return ApiKeyFormat.claimedSlug(presented).map(s -> "api-key:" + s).orElse("bearer");
  }

  private RequestContext jwt(String presented, String requestId, String source) {
    JwtVerifier.Verified v =
        jwts.verify(
            presented,
            new JwtVerifier.Directory() {
              @Override
              public java.util.List<Tenant> byIssuer(String issuer) {
                return metadata.readGlobal(tx -> tx.tenants().findByIssuer(issuer));
              }

              @Override
              public Optional<Tenant> bySlug(TenantSlug slug) {
                return metadata.readGlobal(tx -> tx.tenants().findBySlug(slug));
              }
            });
    requireActive(v.tenant());
    return new RequestContext(
        v.tenant().id(), new Principal.JwtSubject(v.subject()), v.scopes(), requestId, source,
        new Lineage.Jwt(v.tenant().oidc().issuer(), v.subject()));
  }

  private RequestContext apiKey(String presented, String requestId, String source) {
    if (ApiKeyFormat.claimedSlug(presented).isEmpty()) {
      throw unauthenticated();
    }
    byte[] hash = ApiKeyFormat.hash(presented);
    ApiKeyLookup.Live f =
        live.find("key:" + HexFormat.of().formatHex(hash), () -> metadata.readGlobal(tx -> tx.apiKeys().findLive(hash)))
            .filter(found -> Hashing.constantTimeEquals(found.key().hash(), hash))
            .orElseThrow(Authenticator::unauthenticated);
    requireActive(f.tenant());
    touch(f.key().tenant(), f.key().id());
    return new RequestContext(
        f.tenant().id(), new Principal.ApiKeyHolder(f.key().id()), f.key().scopes(), requestId, source,
        new Lineage.ApiKey(f.key().id()));
  }

  /** The operator acting as a tenant (the {@code x-tenant-id} header, or operator routes). */
  public RequestContext actAs(RequestContext operator, TenantSlug slug) {
    if (!operator.isOperator()) {
      throw new ForbiddenException("operator_only", "only the operator may choose a tenant");
    }
    Tenant tenant =
        metadata
            .global(tx -> tx.tenants().findBySlug(slug))
            .orElseThrow(() -> new NotFoundException("tenant_not_found", "no such tenant"));
    return new RequestContext(
        tenant.id(), operator.principal(), Scope.ALL, operator.requestId(), operator.source(), operator.lineage());
  }

  /**
   * What a token presented to a route must have been minted for: the bucket, key, method and
   * version (null: the current object) of the request, or ({@link #upload()}) the upload a
   * resumable upload token names.
   */
  public record TokenTarget(BucketName bucket, ObjectKey key, String method, String version) {
    public TokenTarget(BucketName bucket, ObjectKey key, String method) {
      this(bucket, key, method, null);
    }

    public static TokenTarget upload() {
      return new TokenTarget(null, null, SignedClaims.UPLOAD);
    }

    /** Whether a token can be for it: an upload token's pins its upload; a URL's must name a bucket and a key. */
    boolean named() {
      return method.equals(SignedClaims.UPLOAD) || (bucket != null && key != null);
    }
  }

  /**
   * A signed URL or upload token: its MAC is verified first, with no lookup; then, in one query,
   * its tenant must be active and the credential that minted it alive (see {@link #issuedBy}).
   * Every failure is the same 403 {@code invalid_signature}, except a suspended tenant.
   */
  public RequestContext signed(String token, TokenTarget target, String requestId, String source) {
    if (!target.named()) {
      throw invalidSignature();
    }
    SignedClaims claims = signer.verify(token, target.bucket(), target.key(), target.method(), target.version());
    Tenant tenant =
        metadata.readGlobal(tx -> issuedBy(tx, claims.tenant(), claims.issuer())).orElseThrow(Authenticator::invalidSignature);
    requireActive(tenant);
    if (claims.issuer() instanceof Lineage.Jwt jwt && (tenant.oidc() == null || !tenant.oidc().issuer().equals(jwt.issuer()))) {
      throw invalidSignature(); // the tenant no longer trusts the identity provider that minted it
    }
    Set<Scope> scopes = claims.method().equals("GET") ? Set.of(Scope.READ) : Set.of(Scope.WRITE);
    return new RequestContext(
        tenant.id(), new Principal.SignedUrlBearer(claims.issuer()), scopes, requestId, source, null, claims.issuer(),
        new RequestContext.Grant(claims, token));
  }

  /**
   * The tenant, if the credential {@code issuer} is still alive in it: one query that reads the
   * tenant together with the key's or S3 credential's revocation, so checking the lineage of a
   * token costs the same round trip as finding its tenant did before. On every node at once, as the
   * database is the one place a revocation is written.
   */
  private static Optional<Tenant> issuedBy(GlobalTx tx, TenantId tenant, Lineage issuer) {
    return switch (issuer) {
      case Lineage.ApiKey k -> tx.tenants().findWithLiveKey(tenant, k.id());
      case Lineage.S3Key c ->
          tx.s3Credentials().findLive(c.accessKeyId()).map(S3CredentialRepository.Live::tenant).filter(t -> t.id().equals(tenant));
      case Lineage.Jwt j -> tx.tenants().find(tenant);
      case Lineage.Operator o -> tx.tenants().find(tenant);
    };
  }

  private static ForbiddenException invalidSignature() {
    return new ForbiddenException("invalid_signature", "the signed URL is invalid");
  }

  /**
   * Checks the signature of an S3 request. Called with the secret of the claimed access key; throws
   * (a {@link UnauthenticatedException} with code {@code signature_mismatch}, or any other core
   * error) when the request was not signed with it.
   */
  @FunctionalInterface
  public interface S3SignatureCheck {
    void verify(String secret);
  }

  /**
   * An S3 request signed with an access key: the key is read with its tenant (or found among the
   * {@link LiveCredentials} kept where the store hears every revocation at once), its secret
   * derived, the signature checked, and only then a context made. Unknown, malformed and revoked
   * keys are {@code invalid_access_key}.
   */
  public RequestContext s3(String accessKeyId, S3SignatureCheck check, String requestId, String source) {
    try {
      return s3Verified(accessKeyId, check, requestId, source);
    } catch (UnauthenticatedException e) {
      String id = accessKeyId != null && S3Keys.wellFormed(accessKeyId) ? accessKeyId : "malformed";
      recordFailure("auth.failed", "s3:" + id, requestId, source);
      throw e;
    }
  }

  private RequestContext s3Verified(String accessKeyId, S3SignatureCheck check, String requestId, String source) {
    if (s3Keys == null || !S3Keys.wellFormed(accessKeyId)) {
      throw invalidAccessKey();
    }
    S3CredentialRepository.Live f =
        live.find("s3:" + accessKeyId, () -> metadata.readGlobal(tx -> tx.s3Credentials().findLive(accessKeyId)))
            .orElseThrow(Authenticator::invalidAccessKey);
    String secret = s3Keys.secretOf(accessKeyId).orElseThrow(Authenticator::invalidAccessKey);
    check.verify(secret);
    requireActive(f.tenant());
    touchS3(accessKeyId);
    return new RequestContext(
        f.tenant().id(),
        new Principal.S3KeyHolder(accessKeyId),
        f.credential().scopes(),
        requestId,
        source,
        f.credential().bucket(),
        new Lineage.S3Key(accessKeyId),
        null);
  }

  /**
   * The claims of a signed URL or upload token that {@link #signed} refused for its expiry or for
   * the credential that minted it, its MAC holding for the request: what the refusal may say about
   * the bucket it was minted for (the CORS headers that let the page read why). Never a credential.
   */
  public Optional<SignedClaims> refusedClaims(String token, TokenTarget target) {
    return target.named()
        ? signer.authenticIgnoringExpiry(token, target.bucket(), target.key(), target.method(), target.version())
        : Optional.empty();
  }

  /**
   * The tenant an S3 access key names, without any signature: what a browser's preflight shows in
   * a presigned URL's {@code X-Amz-Credential}, so that the CORS rules of the bucket it addresses
   * can answer it (S3 answers a bucket's CORS rules to anyone). Never a credential: no context is
   * made, and nothing but the {@link dev.silo.core.bucket.BucketCors} lookup reads it. Empty for a
   * malformed, unknown or revoked key, or a tenant that is not active.
   */
  public Optional<TenantId> namedByS3Key(String accessKeyId) {
    if (s3Keys == null || accessKeyId == null || !S3Keys.wellFormed(accessKeyId)) {
      return Optional.empty();
    }
    return live.find("s3:" + accessKeyId, () -> metadata.readGlobal(tx -> tx.s3Credentials().findLive(accessKeyId)))
        .map(S3CredentialRepository.Live::tenant)
        .filter(Tenant::active)
        .map(Tenant::id);
  }

  private void touchS3(String accessKeyId) {
    Instant now = clock.instant();
    Instant previous = s3LastTouched.get(accessKeyId);
    if (previous != null && Duration.between(previous, now).compareTo(TOUCH_INTERVAL) < 0) {
      return;
    }
    s3LastTouched.put(accessKeyId, now);
    metadata.global(
        tx -> {
          tx.s3Credentials().touch(accessKeyId, now.truncatedTo(ChronoUnit.MILLIS));
          return null;
        });
  }

  private static UnauthenticatedException invalidAccessKey() {
    return new UnauthenticatedException("invalid_access_key", "the access key id does not exist or was revoked");
  }

  /** Silo acting on its own behalf (reconciliation, sweeping) for a tenant. */
  public RequestContext system(TenantId tenant, String task) {
    return new RequestContext(tenant, new Principal.System(task), Scope.ALL, "system", "local", new Lineage.Operator());
  }

  private void touch(TenantId tenant, ApiKeyId id) {
    Instant now = clock.instant();
    Instant previous = lastTouched.get(id);
    if (previous != null && Duration.between(previous, now).compareTo(TOUCH_INTERVAL) < 0) {
      return;
    }
    lastTouched.put(id, now);
    metadata.global(
        tx -> {
          tx.apiKeys().touch(tenant, id, now.truncatedTo(ChronoUnit.MILLIS));
          return null;
        });
  }

  private static void requireActive(Tenant tenant) {
    if (!tenant.active()) {
      throw new ForbiddenException("tenant_suspended", "the tenant is suspended");
    }
  }

  private static UnauthenticatedException unauthenticated() {
    return new UnauthenticatedException("invalid_credential", "missing or invalid credential");
  }
}
