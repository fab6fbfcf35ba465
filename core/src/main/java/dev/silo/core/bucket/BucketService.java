package dev.silo.core.bucket;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.Bucket;
import dev.silo.core.domain.BucketName;
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

  public BucketService(
      MetadataStore metadata, TenancyLayout layout, BlobReaper reaper, Journal journal, Clock clock) {
    this.metadata = metadata;
    this.layout = layout;
    this.reaper = reaper;
    this.journal = journal;
    this.clock = clock;
  }

  public Bucket create(RequestContext ctx, BucketName name) {
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
            journal.in(tx, ctx, now).audit("bucket.created", name.value());
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
   * Deletes an empty bucket, or with {@code force} its objects first (in batches, each its own
   * transaction, so a huge bucket does not hold one long transaction). The default bucket stays.
   */
  public void delete(RequestContext ctx, BucketName name, boolean force) {
    ctx.require(Scope.DELETE);
    Instant now = now();
    while (true) {
      List<BlobReaper.Doomed> doomed =
          metadata.inTenant(
              ctx.tenant(),
              tx -> {
                Tenant tenant = tx.tenant().get();
                if (!tx.buckets().exists(name)) {
                  throw notFound();
                }
                if (name.value().equals(tenant.slug().value())) {
                  throw new ConflictException("default_bucket", "the default bucket cannot be deleted");
                }
                List<ObjectInfo> objects = tx.objects().anyInBucket(name, DELETE_BATCH);
                if (objects.isEmpty()) {
                  tx.buckets().delete(name);
                  journal.in(tx, ctx, now).audit("bucket.deleted", name.value());
                  return null;
                }
                if (!force) {
                  throw new ConflictException("bucket_not_empty", "the bucket is not empty");
                }
                StorageSpace space = layout.spaceOf(tenant);
                List<BlobReaper.Doomed> out = new java.util.ArrayList<>();
                for (ObjectInfo o : objects) {
                  tx.objects().delete(o.id());
                  if (o.ready()) {
                    tx.tenant().addUsage(-o.size(), -1);
                    journal.in(tx, ctx, now).object("object.deleted", o);
                  }
                  if (o.blob() != null) {
                    out.add(reaper.schedule(tx, space, o.blob(), now));
                  }
                }
                return out;
              });
      if (doomed == null) {
        return;
      }
      reaper.reap(doomed);
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static NotFoundException notFound() {
    return new NotFoundException("bucket_not_found", "no such bucket");
  }
}
