package dev.silo.core.bucket;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.Bucket;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.BucketTags;
import dev.silo.core.domain.Versioning;
import dev.silo.core.domain.ObjectLock;
import dev.silo.core.domain.Lifecycle;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.Tenant;
import dev.silo.core.error.ConflictException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.object.BlobReaper;
import dev.silo.core.audit.Journal;
import dev.silo.core.spi.DuplicateException;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.spi.StoredVersion;
import dev.silo.core.spi.TenantTx;
import dev.silo.core.tenant.TenancyLayout;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A tenant's logical buckets. They are a column of the object table, not a storage layout: all of
 * a tenant's buckets share its one storage space.
 */
public final class BucketService {
  private static final int DELETE_BATCH = 500;

  private final MetadataStore metadata;
  private final TenancyLayout layout;
  private final BlobReaper reaper;
  private final Journal journal;
  private final Clock clock;
  private final List<UnfinishedUploads> unfinished;

  public BucketService(
      MetadataStore metadata, TenancyLayout layout, BlobReaper reaper, Journal journal, Clock clock,
      List<UnfinishedUploads> unfinished) {
    this.unfinished = List.copyOf(unfinished);
    this.metadata = metadata;
    this.layout = layout;
    this.reaper = reaper;
    this.journal = journal;
    this.clock = clock;
  }

  public Bucket create(RequestContext ctx, BucketName name) {
    return create(ctx, name, false);
  }

  /**
   * Creates a bucket; with {@code objectLock}, one with S3 object lock on (no default retention)
   * and versioning enabled for good, as S3's CreateBucket with {@code
   * x-amz-bucket-object-lock-enabled} makes it.
   */
  public Bucket create(RequestContext ctx, BucketName name, boolean objectLock) {
    ctx.require(Scope.WRITE);
    Instant now = now();
    try {
      return metadata.inTenant(
          ctx.tenant(),
          tx -> {
            Tenant tenant = tx.tenant().get();
            if (tx.buckets().exists(name)) {
              throw new ConflictException("bucket_exists", "you already own a bucket of this name");
            }
            if (tx.buckets().count() >= tenant.limits().maxBuckets()) {
              throw new ConflictException(
                  "too_many_buckets", "the tenant may have at most " + tenant.limits().maxBuckets() + " buckets");
            }
            tx.buckets().insert(name, now);
            if (objectLock) {
              tx.buckets().setVersioning(name, Versioning.ENABLED);
              tx.buckets().setObjectLock(name, ObjectLock.Configuration.ENABLED);
            }
            journal.in(tx, ctx, now).audit("bucket.created", name.value() + (objectLock ? " object-lock" : ""));
            return tx.buckets().find(name).orElseThrow();
          });
    } catch (DuplicateException e) {
      throw new ConflictException("bucket_exists", "you already own a bucket of this name");
    }
  }

  public List<Bucket> list(RequestContext ctx) {
    ctx.require(Scope.READ);
    return metadata.inTenant(ctx.tenant(), tx -> tx.buckets().list());
  }

  public Bucket get(RequestContext ctx, BucketName name) {
    ctx.require(Scope.READ);
    return metadata.inTenant(ctx.tenant(), tx -> tx.buckets().find(name).orElseThrow(BucketService::notFound));
  }

  /**
   * Replaces a bucket's lifecycle rules ({@link Lifecycle#NONE}: removes them all, the REST API's
   * {@code noncurrent_days} included, as S3's DeleteBucketLifecycle does). Scope {@code write};
   * audited {@code bucket.lifecycle}.
   */
  public Bucket setLifecycle(RequestContext ctx, BucketName name, Lifecycle lifecycle) {
    ctx.require(Scope.WRITE);
    return change(ctx, name, "bucket.lifecycle", "rules=" + lifecycle.rules().size(),
        (tx, b) -> tx.buckets().setLifecycle(name, lifecycle));
  }

  /**
   * Turns S3 object lock on for a bucket whose versioning is enabled, or replaces its default
   * retention; it is never turned off (as on S3). Scope {@code admin}: a default retention binds
   * every later version of the bucket. Audited {@code bucket.object_lock}.
   */
  public Bucket setObjectLock(RequestContext ctx, BucketName name, ObjectLock.Configuration config) {
    ctx.require(Scope.ADMIN);
    return change(ctx, name, "bucket.object_lock", config.encode(), (tx, b) -> {
      if (b.objectLock() == null && b.versioning() != Versioning.ENABLED) {
        throw new ConflictException("object_lock_versioning", "object lock needs the bucket's versioning enabled");
      }
      tx.buckets().setObjectLock(name, config);
    });
  }

  /** Replaces a bucket's tags ({@link BucketTags#NONE}: removes them), as S3's PutBucketTagging. Scope {@code write}; audited {@code bucket.tagged}. */
  public Bucket setTags(RequestContext ctx, BucketName name, BucketTags tags) {
    ctx.require(Scope.WRITE);
    return change(ctx, name, "bucket.tagged", "tags=" + tags.tags().size(), (tx, b) -> tx.buckets().setTags(name, tags));
  }

  /**
   * Replaces a bucket's CORS rules ({@link dev.silo.core.domain.CorsRules#NONE}: removes them), as
   * S3's PutBucketCors and DeleteBucketCors. Scope {@code write}; audited {@code bucket.cors}.
   */
  public Bucket setCors(RequestContext ctx, BucketName name, dev.silo.core.domain.CorsRules cors) {
    ctx.require(Scope.WRITE);
    return change(ctx, name, "bucket.cors", "rules=" + cors.rules().size(), (tx, b) -> tx.buckets().setCors(name, cors));
  }

  /** One setting of an existing bucket (404 otherwise) changed and audited as {@code action}, in one transaction; the bucket after. */
  private Bucket change(
      RequestContext ctx, BucketName name, String action, String detail, java.util.function.BiConsumer<TenantTx, Bucket> change) {
    Instant now = now();
    return metadata.inTenant(
        ctx.tenant(),
        tx -> {
          change.accept(tx, tx.buckets().find(name).orElseThrow(BucketService::notFound));
          journal.in(tx, ctx, now).audit(action, name.value() + " " + detail);
          return tx.buckets().find(name).orElseThrow();
        });
  }

  /**
   * Deletes a bucket without objects, or with {@code force} its objects first (in batches, each
   * its own transaction, so a huge bucket does not hold one long transaction). Unfinished uploads
   * into it (S3 multipart, TUS, pending presigned uploads) are aborted, as S3 does, their bytes
   * deleted and reservations released; an upload started meanwhile makes the deletion go round
   * again. The default bucket stays.
   */
  public void delete(RequestContext ctx, BucketName name, boolean force) {
    ctx.require(Scope.DELETE);
    Instant now = now();
    metadata.inTenant(ctx.tenant(), tx -> deletable(tx, name, force));
    for (int round = 0; ; round++) {
      for (UnfinishedUploads u : unfinished) {
        u.abortAll(ctx, name);
      }
      List<BlobReaper.Doomed> doomed =
          metadata.inTenant(
              ctx.tenant(),
              tx -> {
                Tenant tenant = deletable(tx, name, force);
                List<ObjectInfo> objects = tx.objects().anyInBucket(name, DELETE_BATCH);
                List<StoredVersion> versions = tx.versions().anyInBucket(name, DELETE_BATCH);
                if (objects.isEmpty() && versions.isEmpty()) {
                  if (unfinished.stream().anyMatch(u -> u.any(tx, name))) {
                    return List.of(); // an upload began meanwhile: abort it too
                  }
                  tx.buckets().delete(name);
                  journal.in(tx, ctx, now).audit("bucket.deleted", name.value());
                  return null;
                }
                StorageSpace space = layout.spaceOf(tenant);
                List<BlobReaper.Doomed> out = new java.util.ArrayList<>();
                for (ObjectInfo o : objects) {
                  tx.objects().delete(o.id());
                  if (o.ready()) {
                    tx.tenant().addUsage(-o.size(), -1);
                    journal.in(tx, ctx, now).object("object.deleted", o);
                  } else {
                    tx.tenant().release(o.id().value()); // a pending presigned upload
                  }
                  if (o.blob() != null && !tx.versions().releaseBlob(o.blob())) {
                    out.add(reaper.schedule(tx, space, o.blob(), now));
                  }
                }
                // noncurrent versions and delete markers go with the bucket, as its objects do
                for (StoredVersion v : versions) {
                  tx.versions().delete(name, v.object().key(), v.versionId());
                  if (!v.deleteMarker()) {
                    tx.tenant().addUsage(-v.object().size(), -1);
                    if (v.object().blob() != null && !tx.versions().releaseBlob(v.object().blob())) {
                      out.add(reaper.schedule(tx, space, v.object().blob(), now));
                    }
                  }
                }
                return out;
              });
      if (doomed == null) {
        return;
      }
      if (doomed.isEmpty() && round > 100) {
        throw new ConflictException("bucket_not_empty", "uploads into the bucket keep starting; try again");
      }
      reaper.reap(doomed);
    }
  }

  /** The tenant, if the bucket exists, is not the default one and (without force) has no objects. */
  private static Tenant deletable(TenantTx tx, BucketName name, boolean force) {
    Tenant tenant = tx.tenant().get();
    if (!tx.buckets().exists(name)) {
      throw notFound();
    }
    if (name.value().equals(tenant.slug().value())) {
      throw new ConflictException("default_bucket", "the default bucket cannot be deleted");
    }
    if (force && tx.buckets().find(name).map(Bucket::objectLock).isPresent()) {
      throw new ConflictException("bucket_not_empty", "a bucket with object lock is deleted once empty, its versions deleted one by one");
    }
    if (!force && (tx.objects().anyInBucket(name, DELETE_BATCH).stream().anyMatch(ObjectInfo::ready)
        || !tx.versions().anyInBucket(name, 1).isEmpty())) {
      throw new ConflictException("bucket_not_empty", "the bucket is not empty");
    }
    return tenant;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static NotFoundException notFound() {
    return new NotFoundException("bucket_not_found", "no such bucket");
  }
}
