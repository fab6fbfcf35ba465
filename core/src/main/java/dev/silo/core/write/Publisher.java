package dev.silo.core.write;

import dev.silo.core.audit.Journal;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectStatus;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.Tenant;
import dev.silo.core.error.ConflictException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.inline.InlineBlobs;
import dev.silo.core.object.BlobReaper;
import dev.silo.core.object.PutResult;
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
 */
public final class Publisher {
  private final MetadataStore metadata;
  private final TenancyLayout layout;
  private final WritePolicy policy;
  private final BlobReaper reaper;
  private final Journal journal;
  private final IdGenerator ids;
  private final Clock clock;
  private final InlineBlobs inline;

  public Publisher(
      MetadataStore metadata, TenancyLayout layout, WritePolicy policy, BlobReaper reaper, Journal journal,
      IdGenerator ids, Clock clock, InlineBlobs inline) {
    this.inline = inline;
    this.metadata = metadata;
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
    record Done(PutResult result, List<BlobReaper.Doomed> doomed) {}
    Done done =
        metadata.inTenant(
            ctx.tenant(),
            tx -> {
              List<BlobReaper.Doomed> doomed = new ArrayList<>(alongside.apply(tx));
              return new Done(publishIn(tx, ctx, p, now, doomed), doomed);
            });
    reaper.reap(done.doomed());
    return done.result();
  }

  /** The publication inside the caller's transaction. */
  private PutResult publishIn(TenantTx tx, RequestContext ctx, Publication p, Instant now, List<BlobReaper.Doomed> doomed) {
    Tenant tenant = tx.tenant().get();
    BucketName bucket = WritePolicy.bucket(tx, tenant, p.bucket());
    String contentType = policy.contentType(tenant, p.contentType());
    ObjectInfo existing = policy.replaced(tx, bucket, p.key(), p.ownPending());
    if (p.ownPending() != null) {
      requireStillPending(existing, p);
    }
    p.conditions().checkWrite(existing != null && existing.ready() ? existing : null);
    if (p.reservation() != null) {
      tx.tenant().release(p.reservation()); // its bytes become usage below, if they fit
    }
    WritePolicy.requireWithin(p.blob().size(), policy.cap(tx, tenant, existing));
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
            p.facts(),
            p.blob().name(),
            existing == null ? now : existing.createdAt(),
            now);
    boolean wasReady = existing != null && existing.ready();
    if (p.blob().inlineBytes() != null) {
      // the bytes ride in this transaction: durable with the row, at the same commit
      inline.store(tx, ctx.tenant(), object.blob(), p.blob().inlineBytes());
    }
    if (existing == null) {
      tx.objects().insert(object);
    } else {
      tx.objects().update(object);
    }
    tx.tenant().addUsage(object.size() - (wasReady ? existing.size() : 0), wasReady ? 0 : 1);
    if (!object.blob().inline()) {
      tx.cleanup().cancel(object.blob());
    }
    if (existing != null && existing.blob() != null && !existing.blob().equals(object.blob())) {
      StorageSpace space = layout.spaceOf(tenant);
      doomed.add(reaper.schedule(tx, space, existing.blob(), now));
    }
    journal.in(tx, ctx, now).object(wasReady ? "object.updated" : "object.created", object);
    if (p.completesUpload()) {
      journal.in(tx, ctx, now).uploadCompleted(object);
    }
    return new PutResult(object, !wasReady);
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
