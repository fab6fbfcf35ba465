package dev.silo.core.write;

import dev.silo.core.audit.Journal;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.BlobSeal;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectLock;
import dev.silo.core.domain.ObjectStatus;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.SystemFacts;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.Versioning;
import dev.silo.core.version.Versions;
import dev.silo.core.error.ConflictException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.inline.InlineBlobs;
import dev.silo.core.object.BlobReaper;
import dev.silo.core.object.PutResult;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.spi.TenantTx;
import dev.silo.core.support.IdGenerator;
import dev.silo.core.tenant.TenancyLayout;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The one transaction that makes an object version current, for every upload path: the rules are
 * checked once more against the committed state ({@link WritePolicy}), the row is inserted or
 * switched to the new blob (a small object's bytes stored with it, {@link InlineBlobs}), usage moves, the upload's reservation is released (its bytes become
 * usage), the blob's sweeper intent is cancelled, the replaced blob is queued for deletion, and
 * the audit record and outbox event are written. The replaced blob is deleted after the commit.
 *
 * <p>Versions are made here and only here ({@link Versions}): with the bucket's versioning
 * enabled the replaced version is kept as a noncurrent one and the new one gets its own id; with
 * it suspended the new one is the {@code null} version, replacing any earlier null version; off,
 * the replaced bytes go as before.
 */
public final class Publisher {
  private final MetadataStore metadata;
  private final BlobStore blobs;
  private final TenancyLayout layout;
  private final WritePolicy policy;
  private final BlobReaper reaper;
  private final Journal journal;
  private final IdGenerator ids;
  private final Clock clock;
  private final Versions versions;
  private final InlineBlobs inline;

  public Publisher(
      MetadataStore metadata, BlobStore blobs, TenancyLayout layout, WritePolicy policy, BlobReaper reaper, Journal journal,
      IdGenerator ids, Clock clock, Versions versions, InlineBlobs inline) {
    this.versions = versions;
    this.inline = inline;
    this.metadata = metadata;
    this.blobs = blobs;
    this.layout = layout;
    this.policy = policy;
    this.reaper = reaper;
    this.journal = journal;
    this.ids = ids;
    this.clock = clock;
  }

  /** Publishes in a transaction of its own, then deletes the replaced blob. */
  public PutResult publish(RequestContext ctx, Publication p) {
    return publish(ctx, p, tx -> List.of());
  }

  /**
   * Publishes, and in the same transaction runs {@code alongside} (an upload's own bookkeeping:
   * its row and parts go as the object appears); the blobs it returns are deleted after the
   * commit with the replaced one.
   */
  public PutResult publish(RequestContext ctx, Publication p, Function<TenantTx, List<BlobReaper.Doomed>> alongside) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    BlobSeal seal = sealOf(ctx, p);
    record Done(PutResult result, List<BlobReaper.Doomed> doomed) {}
    Done done =
        metadata.inTenant(
            ctx.tenant(),
            tx -> {
              List<BlobReaper.Doomed> doomed = new ArrayList<>(alongside.apply(tx));
              return new Done(publishIn(tx, ctx, p, seal, now, doomed), doomed);
            });
    reaper.reap(done.doomed());
    return done.result();
  }

  /**
   * Publishes what {@code build} makes inside the transaction: a publication of a blob that a row
   * already references (a restored version, a copy), which {@code build} records as shared first.
   * When {@code build} gives null (what it would share changed), nothing is published: null.
   */
  public PutResult publishShared(RequestContext ctx, Function<TenantTx, Publication> build) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    record Done(PutResult result, List<BlobReaper.Doomed> doomed) {}
    Done done =
        metadata.inTenant(
            ctx.tenant(),
            tx -> {
              List<BlobReaper.Doomed> doomed = new ArrayList<>();
              tx.tenant().usage(); // locked before the shared version is read, as in publishIn
              Publication p = build.apply(tx);
              return p == null ? null : new Done(publishIn(tx, ctx, p, null, now, doomed), doomed);
            });
    if (done == null) {
      return null;
    }
    reaper.reap(done.doomed());
    return done.result();
  }

  /** The publication inside the caller's transaction. */
  private PutResult publishIn(
      TenantTx tx, RequestContext ctx, Publication p, BlobSeal seal, Instant now, List<BlobReaper.Doomed> doomed) {
    // the tenant row's lock before the key's rows are read: a concurrent write of the same key has
    // then committed (its version is seen and kept) or waits for this one
    tx.tenant().usage();
    Tenant tenant = tx.tenant().get();
    BucketName bucket = WritePolicy.bucket(tx, p.bucket());
    String contentType = policy.contentType(tenant, p.contentType());
    ObjectInfo existing = policy.replaced(tx, bucket, p.key(), p.ownPending());
    if (p.ownPending() != null) {
      requireStillPending(existing, p);
    }
    p.conditions().checkWrite(existing != null && existing.ready() ? existing : null);
    if (p.reservation() != null) {
      tx.tenant().release(p.reservation()); // its bytes become usage below, if they fit
    }
    Versioning mode = Versions.mode(tx, bucket);
    // the bucket's default retention for a version asked without one; a lock asked where object lock is off is 400
    ObjectLock lock = ObjectLock.forNewVersion(
        tx.buckets().find(bucket).map(dev.silo.core.domain.Bucket::objectLock).orElse(null), p.lock(), now);
    boolean wasReady = existing != null && existing.ready();
    // with versioning on, the replaced version is kept (and keeps counting) unless it is the null
    // version under suspended versioning, which S3 overwrites in place
    boolean inPlace = Versions.replacesInPlace(mode, existing);
    WritePolicy.requireWithin(p.blob().size(), WritePolicy.cap(tenant.limits(), tx.tenant().usage(),
        tx.tenant().pendingBytes(), inPlace ? existing : null));
    StorageSpace space = layout.spaceOf(tenant);
    ObjectInfo object =
        new ObjectInfo(
            existing == null ? (p.newId() != null ? p.newId() : ids.objectId()) : existing.id(),
            bucket,
            p.key(),
            p.blob().size(),
            contentType,
            p.blob().md5(),
            p.blob().sha256(),
            ObjectStatus.READY,
            p.acl(),
            policy.folder(p.folder()),
            p.metadata(),
            p.headers(),
            sealed(p.facts(), seal),
            p.blob().name(),
            existing == null || !inPlace && wasReady ? now : existing.createdAt(),
            now,
            versions.next(tx, mode, bucket, p.key(), existing, now),
            p.tags(),
            lock);
    if (wasReady && !inPlace) {
      versions.retire(tx, existing, now);
    }
    if (p.blob().inlineBytes() != null) {
      // the bytes ride in this transaction: durable with the row, at the same commit
      inline.store(tx, object.blob(), p.blob().inlineBytes());
    }
    if (existing == null) {
      tx.objects().insert(object);
    } else {
      tx.objects().update(object);
    }
    tx.tenant().addUsage(object.size() - (inPlace ? existing.size() : 0), inPlace ? 0 : 1);
    if (!object.blob().inline()) {
      tx.cleanup().cancel(object.blob());
    }
    if (existing != null && (inPlace || !wasReady) && existing.blob() != null) {
      // the same blob replaced in place (a version restored over itself) loses the row's reference only
      if (existing.blob().equals(object.blob())) {
        if (inPlace) {
          tx.versions().releaseBlob(existing.blob());
        }
      } else {
        versions.release(tx, space, existing.blob(), now).ifPresent(doomed::add);
      }
    }
    if (mode == Versioning.SUSPENDED) {
      versions.dropNoncurrentNull(tx, space, bucket, p.key(), now).ifPresent(doomed::add);
    }
    journal.in(tx, ctx, now).object(inPlace ? "object.updated" : "object.created", object);
    if (p.completesUpload()) {
      journal.in(tx, ctx, now).uploadCompleted(object);
    }
    return new PutResult(object, !inPlace);
  }

  /** The publication's facts with the store's seal; a shared blob (a restore) keeps the one it has. */
  private static SystemFacts sealed(SystemFacts facts, BlobSeal seal) {
    SystemFacts known = facts == null ? SystemFacts.NONE : facts;
    return seal == null ? known : known.sealed(seal);
  }

  /**
   * Whether and how the store encrypted the blob, asked once here for every upload path so that
   * the object records its key version (or none) and stored size; before the transaction, since it
   * may read the backend.
   */
  private BlobSeal sealOf(RequestContext ctx, Publication p) {
    if (p.blob().name().inline()) {
      return inline.sealOf(p.blob().inlineBytes()); // not in the blob store: its row says
    }
    try {
      StorageSpace space = layout.spaceOf(metadata.readInTenant(ctx.tenant(), tx -> tx.tenant().get()));
      return blobs.seal(space, p.blob().name());
    } catch (java.io.IOException e) {
      throw new dev.silo.core.error.UnavailableException("the storage backend failed", e);
    }
  }

  /**
   * A pending row is completed once, with the blob it was staged with: a concurrent completion
   * that won, an expiry, or a new PUT to the signed URL in between make this one a conflict.
   */
  private static void requireStillPending(ObjectInfo existing, Publication p) {
    if (existing == null || !existing.id().equals(p.ownPending())) {
      throw new NotFoundException("object_not_found", "no such object");
    }
    if (existing.ready()) {
      throw new ConflictException("upload_completed", "this upload is already complete");
    }
    if (!p.blob().name().equals(existing.blob())) {
      throw new ConflictException("upload_changed", "the upload's bytes changed while it was completed; complete it again");
    }
  }
}
