package dev.silo.core.credential.s3;

import dev.silo.core.audit.Journal;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.S3Credential;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.Tenant;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.spi.DuplicateException;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.support.IdGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Creating (secret shown once), listing and revoking a tenant's S3 credentials; mount info. */
public final class S3CredentialService {
  private final MetadataStore metadata;
  private final S3Keys keys;
  private final S3Endpoint endpoint;
  private final IdGenerator ids;
  private final Journal journal;
  private final Clock clock;

  public S3CredentialService(
      MetadataStore metadata, S3Keys keys, S3Endpoint endpoint, IdGenerator ids, Journal journal, Clock clock) {
    this.metadata = metadata;
    this.keys = keys;
    this.endpoint = endpoint;
    this.ids = ids;
    this.journal = journal;
    this.clock = clock;
  }

  public S3Endpoint endpoint() {
    return endpoint;
  }

  /**
   * {@code bucket} null: every bucket of the tenant; else that one, which must exist. The caller's
   * own scopes.
   */
  public NewS3Credential create(RequestContext ctx, String description, BucketName bucket) {
    return create(ctx, description, bucket, null);
  }

  /**
   * As {@link #create(RequestContext, String, BucketName)}, limited to {@code scopes} (null or
   * empty: the caller's own; never one the caller lacks, see {@link RequestContext#delegable}).
   */
  public NewS3Credential create(RequestContext ctx, String description, BucketName bucket, Set<Scope> scopes) {
    ctx.require(Scope.ADMIN);
    Set<Scope> granted = ctx.delegable(scopes);
    String label = validateDescription(description);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    for (int attempt = 0; ; attempt++) {
      try {
        S3Credential created =
            metadata.inTenant(
                ctx.tenant(),
                tx -> {
                  if (bucket != null && !tx.buckets().exists(bucket)) {
                    throw new NotFoundException("bucket_not_found", "no such bucket");
                  }
                  S3Credential c =
                      new S3Credential(keys.newAccessKeyId(ids), ctx.tenant(), label, bucket, now, null, null, granted);
                  tx.s3Credentials().insert(c);
                  journal.in(tx, ctx, now).credential("s3_credential.created", c.accessKeyId());
                  return c;
                });
        String secret = keys.secretOf(created.accessKeyId()).orElseThrow();
        return new NewS3Credential(created, secret);
      } catch (DuplicateException e) {
        if (attempt >= 2) {
          throw e; // 77 random bits colliding thrice is not chance
        }
      }
    }
  }

  public List<S3Credential> list(RequestContext ctx) {
    ctx.require(Scope.ADMIN);
    return metadata.inTenant(ctx.tenant(), tx -> tx.s3Credentials().list());
  }

  public void revoke(RequestContext ctx, String accessKeyId) {
    ctx.require(Scope.ADMIN);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    metadata.inTenant(
        ctx.tenant(),
        tx -> {
          S3Credential c =
              tx.s3Credentials()
                  .find(accessKeyId)
                  .filter(x -> !x.revoked())
                  .orElseThrow(() -> new NotFoundException("credential_not_found", "no such S3 credential"));
          tx.s3Credentials().revoke(c.accessKeyId(), now);
          journal.in(tx, ctx, now).credential("s3_credential.revoked", c.accessKeyId());
          return null;
        });
  }

  public MountInfo mountInfo(RequestContext ctx) {
    ctx.require(Scope.READ);
    return metadata.inTenant(
        ctx.tenant(),
        tx -> {
          Tenant tenant = tx.tenant().get();
          Instant firstActive =
              tx.s3Credentials().list().stream()
                  .filter(c -> !c.revoked())
                  .map(S3Credential::createdAt)
                  .max(Comparator.naturalOrder())
                  .orElse(null);
          return new MountInfo(
              tenant.slug().value(),
              tenant.slug().value(),
              endpoint.url(),
              endpoint.region(),
              firstActive != null,
              firstActive);
        });
  }

  private static String validateDescription(String description) {
    if (description == null || description.isBlank()) {
      return "S3 credential";
    }
    if (description.length() > 200 || description.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new InvalidInputException("invalid_description", "description must be 1 to 200 printable characters");
    }
    return description.strip();
  }
}
