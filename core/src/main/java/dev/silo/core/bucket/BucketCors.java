package dev.silo.core.bucket;

import dev.silo.core.auth.Authenticator;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.Bucket;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.CorsRules;
import dev.silo.core.domain.TenantId;
import dev.silo.core.signing.SignedClaims;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.upload.resumable.ResumableUpload;
import java.util.Optional;

/**
 * The CORS rules a browser's request to a bucket meets. Buckets are named within their tenant, so
 * the bucket a request addresses is known only with the tenant its credential names: from the
 * request's context once it is authenticated, or, for a preflight (which carries no credential)
 * and for an answer refused before its signature was checked, from the access key a presigned URL
 * or an {@code Authorization} header names. Only the rules come out; the tenant stays here.
 */
public final class BucketCors {
  private final MetadataStore metadata;
  private final Authenticator authenticator;

  public BucketCors(MetadataStore metadata, Authenticator authenticator) {
    this.metadata = metadata;
    this.authenticator = authenticator;
  }

  /** The rules of the bucket an authenticated request addresses; none when it has none or does not exist. */
  public CorsRules of(RequestContext ctx, BucketName bucket) {
    return bucket == null || !ctx.hasTenant() ? CorsRules.NONE : rules(ctx.tenant(), bucket);
  }

  /**
   * The rules of the bucket a signed URL or upload token was minted for (an upload token's: the
   * bucket its upload fills); none for any other credential, whose preflights could not name it.
   */
  public CorsRules ofGrant(RequestContext ctx) {
    return ctx.grant().map(g -> of(g.claims())).orElse(CorsRules.NONE);
  }

  /**
   * The rules of the bucket a signed URL's or upload token's claims name (an upload token's: the
   * bucket its upload fills). The claims are the signer's, their MAC having held, whether the token
   * was then taken or refused for its expiry or its issuer's revocation: a refusal too is readable
   * by the pages the bucket allows.
   */
  public CorsRules of(SignedClaims claims) {
    return metadata.readInTenant(claims.tenant(), tx -> {
      BucketName bucket = claims.bucket();
      if (bucket == null && claims.upload() != null) { // an upload token: its resumable upload pins the bucket
        bucket = tx.resumable().findByObjectId(claims.upload()).map(ResumableUpload::bucket).orElse(null);
      }
      return bucket == null ? Optional.<Bucket>empty() : tx.buckets().find(bucket);
    }).map(Bucket::cors).orElse(CorsRules.NONE);
  }

  /** The rules of {@code bucket} of the tenant whose S3 access key a request names, unsigned; none when there is no such key or bucket. */
  public CorsRules namedBy(String accessKeyId, BucketName bucket) {
    return bucket == null ? CorsRules.NONE
        : authenticator.namedByS3Key(accessKeyId).map(tenant -> rules(tenant, bucket)).orElse(CorsRules.NONE);
  }

  private CorsRules rules(TenantId tenant, BucketName bucket) {
    return metadata.readInTenant(tenant, tx -> tx.buckets().find(bucket)).map(Bucket::cors).orElse(CorsRules.NONE);
  }
}
