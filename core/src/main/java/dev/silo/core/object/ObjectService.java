package dev.silo.core.object;

import dev.silo.core.audit.Journal;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.Acl;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ContentTypes;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.ObjectStatus;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.Usage;
import dev.silo.core.domain.UserMetadata;
import dev.silo.core.error.ConflictException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.error.PayloadTooLargeException;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.error.UnsupportedMediaTypeException;
import dev.silo.core.spi.BlobNotFoundException;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.spi.TenantTx;
import dev.silo.core.support.IdGenerator;
import dev.silo.core.tenant.TenancyLayout;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Objects by key: upload, download, metadata, delete, list. Every method takes the caller's
 * {@link RequestContext}, and every lookup goes through a transaction bound to its tenant, so an
 * object of another tenant is indistinguishable from one that does not exist.
 */
public final class ObjectService {
  private final MetadataStore metadata;
  private final BlobStore blobs;
  private final TenancyLayout layout;
  private final ObjectWriter writer;
  private final BlobReaper reaper;
  private final Journal journal;
  private final IdGenerator ids;
  private final Clock clock;

  public ObjectService(
      MetadataStore metadata,
      BlobStore blobs,
      TenancyLayout layout,
      ObjectWriter writer,
      BlobReaper reaper,
      Journal journal,
      IdGenerator ids,
      Clock clock) {
    this.metadata = metadata;
    this.blobs = blobs;
    this.layout = layout;
    this.writer = writer;
    this.reaper = reaper;
    this.journal = journal;
    this.ids = ids;
    this.clock = clock;
  }

  // ---------------------------------------------------------------- writes

  /**
   * Streams the body into a new blob, then publishes it in one transaction: the object row is
   * inserted or switched to the new blob, usage moves, audit and event are written. Limits are
   * checked before the first byte (declared length), while streaming (the cap) and again at
   * publication (concurrent uploads), so an upload over a limit leaves nothing behind.
   */
  public PutResult put(RequestContext ctx, PutRequest req, InputStream body) {
    return put(ctx, req, body, null);
  }

  /**
   * Like {@link #put(RequestContext, PutRequest, InputStream)}, with the id a new object gets when
   * the key does not exist yet ({@code newId} null: a fresh one): uploads whose key was computed
   * from their object id (presigned and resumable ones) keep the two in step.
   */
  public PutResult put(RequestContext ctx, PutRequest req, InputStream body, ObjectId newId) {
    ctx.require(Scope.WRITE);
    String contentType = ContentTypes.normalize(req.contentType());
    var attributes = UserMetadata.validate(req.metadata());
    String folder = UserMetadata.validateFolder(req.folder());
    Plan plan =
        metadata.inTenant(
            ctx.tenant(),
            tx -> {
              Tenant tenant = tx.tenant().get();
              BucketName bucket = bucketOf(tx, tenant, req.bucket());
              if (!tenant.limits().allows(contentType)) {
                throw new UnsupportedMediaTypeException(
                    "content_type_not_allowed", "content type " + ContentTypes.base(contentType) + " is not allowed");
              }
              ObjectInfo existing = tx.objects().find(bucket, req.key()).orElse(null);
              if (existing != null && !existing.ready()) {
                throw new ConflictException("upload_pending", "an upload to this key is pending");
              }
              req.conditions().checkWrite(existing);
              long cap = capFor(tenant, tx.tenant().usage(), existing);
              if (req.contentLength() != null && req.contentLength() > cap) {
                throw new PayloadTooLargeException("too_large", capMessage(tenant));
              }
              return new Plan(tenant, bucket, cap);
            });
    StorageSpace space = layout.spaceOf(plan.tenant());
    StagedBlob staged =
        writer.stream(ctx, space, body, plan.cap(), req.contentLength(), capMessage(plan.tenant()));
    Published published;
    try {
      published = commit(ctx, req, plan.bucket(), space, contentType, folder, attributes, staged, newId);
    } catch (RuntimeException e) {
      writer.discard(staged, space);
      throw e;
    }
    published.reap(reaper);
    return new PutResult(published.object(), published.replaced() == null);
  }

  /**
   * Publishes a blob that is already complete and durable in the tenant's space (a resumable
   * upload's appended blob) exactly as {@link #put} would publish a streamed one: same checks,
   * limits, ids, audit and events. {@code staged} carries its size and hashes. On failure the blob
   * is left alone: it still belongs to the caller.
   */
  public PutResult adopt(RequestContext ctx, PutRequest req, StagedBlob staged, ObjectId newId) {
    ctx.require(Scope.WRITE);
    String contentType = ContentTypes.normalize(req.contentType());
    var attributes = UserMetadata.validate(req.metadata());
    String folder = UserMetadata.validateFolder(req.folder());
    StorageSpace space = metadata.inTenant(ctx.tenant(), tx -> layout.spaceOf(tx.tenant().get()));
    Published published = commit(ctx, req, req.bucket(), space, contentType, folder, attributes, staged, newId);
    published.reap(reaper);
    return new PutResult(published.object(), published.replaced() == null);
  }

  /** The publication transaction of {@link #put} and {@link #adopt}. */
  private Published commit(
      RequestContext ctx,
      PutRequest req,
      BucketName requestedBucket,
      StorageSpace space,
      String contentType,
      String folder,
      java.util.Map<String, String> attributes,
      StagedBlob staged,
      ObjectId newId) {
    Instant now = now();
    return metadata.inTenant(
        ctx.tenant(),
        tx -> {
          Tenant tenant = tx.tenant().get();
          BucketName bucket = bucketOf(tx, tenant, requestedBucket);
          if (!tenant.limits().allows(contentType)) {
            throw new UnsupportedMediaTypeException(
                "content_type_not_allowed", "content type " + ContentTypes.base(contentType) + " is not allowed");
          }
          ObjectInfo existing = tx.objects().find(bucket, req.key()).orElse(null);
          if (existing != null && !existing.ready()) {
            throw new ConflictException("upload_pending", "an upload to this key is pending");
          }
          req.conditions().checkWrite(existing);
          if (staged.size() > capFor(tenant, tx.tenant().usage(), existing)) {
            throw new PayloadTooLargeException("too_large", capMessage(tenant));
          }
          ObjectInfo object =
              new ObjectInfo(
                  existing == null ? (newId != null ? newId : ids.objectId()) : existing.id(),
                  bucket,
                  req.key(),
                  staged.size(),
                  contentType,
                  staged.md5(),
                  staged.sha256(),
                  ObjectStatus.READY,
                  req.acl(),
                  folder,
                  attributes,
                  req.headers(),
                  req.facts(),
                  staged.name(),
                  existing == null ? now : existing.createdAt(),
                  now);
          return publish(tx, ctx, space, object, existing, staged, now, req.completesUpload());
        });
  }

  /** Inserts or switches the row to the staged blob; the old blob (if any) is scheduled. */
  private Published publish(
      TenantTx tx,
      RequestContext ctx,
      StorageSpace space,
      ObjectInfo object,
      ObjectInfo existing,
      StagedBlob staged,
      Instant now,
      boolean completesUpload) {
    if (existing == null) {
      tx.objects().insert(object);
      tx.tenant().addUsage(object.size(), 1);
    } else {
      tx.objects().update(object);
      tx.tenant().addUsage(object.size() - (existing.ready() ? existing.size() : 0), existing.ready() ? 0 : 1);
    }
    tx.cleanup().cancel(staged.name());
    BlobReaper.Doomed old =
        existing != null && existing.blob() != null && !existing.blob().equals(object.blob())
            ? reaper.schedule(tx, space, existing.blob(), now)
            : null;
    journal.in(tx, ctx, now).object(existing != null && existing.ready() ? "object.updated" : "object.created", object);
    if (completesUpload) {
      journal.in(tx, ctx, now).uploadCompleted(object);
    }
    return new Published(object, existing, old);
  }

  /** The result of a publication: the old blob is reaped once the transaction has committed. */
  record Published(ObjectInfo object, ObjectInfo replaced, BlobReaper.Doomed oldBlob) {
    void reap(BlobReaper reaper) {
      if (oldBlob != null) {
        reaper.reap(List.of(oldBlob));
      }
    }
  }

  private record Plan(Tenant tenant, BucketName bucket, long cap) {}

  /** The most bytes this upload may have: the upload limit, and what the quota leaves. */
  public static long capFor(Tenant tenant, Usage usage, ObjectInfo replaced) {
    long cap = Long.MAX_VALUE;
    var limits = tenant.limits();
    if (limits.maxUploadBytes() != null) {
      cap = Math.min(cap, limits.maxUploadBytes());
    }
    long freed = replaced != null && replaced.ready() ? replaced.size() : 0;
    if (limits.maxBytes() != null) {
      cap = Math.min(cap, Math.max(-1, limits.maxBytes() - usage.bytes() + freed));
    }
    if (limits.maxObjects() != null && (replaced == null || !replaced.ready()) && usage.objects() >= limits.maxObjects()) {
      throw new PayloadTooLargeException("object_quota_exceeded", "the tenant has reached its object quota");
    }
    return cap;
  }

  public static String capMessage(Tenant tenant) {
    return "the upload exceeds the tenant's upload limit or remaining quota";
  }

  public void delete(RequestContext ctx, BucketName bucket, ObjectKey key, Conditions conditions) {
    ctx.require(Scope.DELETE);
    Instant now = now();
    BlobReaper.Doomed doomed =
        metadata.inTenant(
            ctx.tenant(),
            tx -> {
              Tenant tenant = tx.tenant().get();
              BucketName b = bucketOf(tx, tenant, bucket);
              ObjectInfo o = tx.objects().find(b, key).filter(ObjectInfo::ready).orElseThrow(ObjectService::notFound);
              (conditions == null ? Conditions.NONE : conditions).checkWrite(o);
              tx.objects().delete(o.id());
              tx.tenant().addUsage(-o.size(), -1);
              journal.in(tx, ctx, now).object("object.deleted", o);
              return reaper.schedule(tx, layout.spaceOf(tenant), o.blob(), now);
            });
    reaper.reap(List.of(doomed));
  }

  public ObjectInfo updateInfo(RequestContext ctx, BucketName bucket, ObjectKey key, InfoPatch patch) {
    ctx.require(Scope.WRITE);
    Instant now = now();
    String folder = patch.folder() == null ? null : UserMetadata.validateFolder(patch.folder());
    var attributes = patch.metadata() == null ? null : UserMetadata.validate(patch.metadata());
    return metadata.inTenant(
        ctx.tenant(),
        tx -> {
          Tenant tenant = tx.tenant().get();
          ObjectInfo o =
              tx.objects().find(bucketOf(tx, tenant, bucket), key).filter(ObjectInfo::ready).orElseThrow(ObjectService::notFound);
          ObjectInfo updated =
              o.withAttributes(
                  patch.acl() == null ? o.acl() : patch.acl(),
                  patch.folder() == null ? o.folder() : folder,
                  attributes == null ? o.metadata() : attributes,
                  now);
          tx.objects().update(updated);
          journal.in(tx, ctx, now).object("object.updated", updated);
          return updated;
        });
  }

  // ---------------------------------------------------------------- reads

  public ObjectInfo info(RequestContext ctx, BucketName bucket, ObjectKey key) {
    ctx.require(Scope.READ);
    return metadata.readInTenant(
        ctx.tenant(),
        tx -> {
          Tenant tenant = tx.tenant().get();
          return tx.objects().find(bucketOf(tx, tenant, bucket), key).filter(ObjectInfo::ready).orElseThrow(ObjectService::notFound);
        });
  }

  public ObjectInfo byId(RequestContext ctx, ObjectId id) {
    ctx.require(Scope.READ);
    return metadata.readInTenant(ctx.tenant(), tx -> tx.objects().find(id).filter(ObjectInfo::ready).orElseThrow(ObjectService::notFound));
  }

  /**
   * Opens an object for reading. The row is resolved first, then its blob opened; if an overwrite
   * deleted that blob in between, the row is resolved again, so a reader gets the old object or
   * the new one, never an error for a race it did not cause.
   */
  public ReadResult read(
      RequestContext ctx, BucketName bucket, ObjectKey key, RangeRequest range, Conditions conditions, boolean body) {
    ctx.require(Scope.READ);
    return readIn(ctx.tenant(), bucket, key, range, conditions, body, false);
  }

  /** A public object, without a credential: private and missing objects alike are 404. */
  public ReadResult readPublic(
      TenantSlug slug, BucketName bucket, ObjectKey key, RangeRequest range, Conditions conditions, boolean body) {
    Tenant tenant =
        metadata
            .global(tx -> tx.tenants().findBySlug(slug))
            .filter(Tenant::active)
            .orElseThrow(ObjectService::notFound);
    return readIn(tenant.id(), bucket, key, range, conditions, body, true);
  }

  private ReadResult readIn(
      dev.silo.core.domain.TenantId tenantId,
      BucketName bucket,
      ObjectKey key,
      RangeRequest range,
      Conditions conditions,
      boolean body,
      boolean publicOnly) {
    for (int attempt = 0; ; attempt++) {
      record Resolved(Tenant tenant, ObjectInfo object) {}
      MetadataStore.TenantWork<Resolved> resolve =
              tx -> {
                Tenant tenant = tx.tenant().get();
                ObjectInfo o =
                    tx.objects()
                        .find(bucketOf(tx, tenant, bucket), key)
                        .filter(ObjectInfo::ready)
                        .filter(x -> !publicOnly || x.acl() == Acl.PUBLIC)
                        .orElseThrow(ObjectService::notFound);
                return new Resolved(tenant, o);
              };
      // a retry means the row pointed at a deleted blob: ask the database, not the cache, again
      Resolved r = attempt == 0 ? metadata.readInTenant(tenantId, resolve) : metadata.inTenant(tenantId, resolve);
      ObjectInfo o = r.object();
      Conditions c = conditions == null ? Conditions.NONE : conditions;
      if (c.notModified(o)) {
        return new ReadResult.NotModified(o);
      }
      var resolvedRange = range == null ? null : range.resolve(o.size());
      if (!body) {
        return new ReadResult.Content(o, resolvedRange, InputStream.nullInputStream());
      }
      try {
        InputStream in = blobs.read(layout.spaceOf(r.tenant()), o.blob(), resolvedRange);
        return new ReadResult.Content(o, resolvedRange, in);
      } catch (BlobNotFoundException e) {
        if (attempt >= 2) {
          throw new UnavailableException("the object's bytes are missing from storage", e);
        }
      } catch (IOException e) {
        throw new UnavailableException("the storage backend failed", e);
      }
    }
  }

  /** Rows a delimited listing reads after a seek: a common prefix uses one, the rest are skipped. */
  private static final int SEEK_BATCH = 8;

  /**
   * Lists a bucket from the metadata store. With a delimiter, keys that share the part up to the
   * next delimiter after the prefix collapse into one common prefix, and the scan jumps past
   * them. The cursor is the position after the last entry returned.
   */
  public Listing list(
      RequestContext ctx, BucketName bucket, String prefix, String delimiter, String cursor, Integer limit) {
    ctx.require(Scope.READ);
    String p = prefix == null ? "" : prefix;
    String d = delimiter == null || delimiter.isEmpty() ? null : delimiter;
    int max = ListCursor.limit(limit);
    ListCursor position = cursor == null || cursor.isEmpty() ? ListCursor.start(p) : ListCursor.decode(cursor);
    return metadata.readInTenant(
        ctx.tenant(),
        tx -> {
          Tenant tenant = tx.tenant().get();
          BucketName b = bucketOf(tx, tenant, bucket);
          List<ObjectInfo> items = new ArrayList<>();
          List<String> prefixes = new ArrayList<>();
          ListCursor at = position;
          boolean exhausted = false;
          // with a delimiter, a batch ends at the first common prefix (the scan then seeks past
          // it), so it starts small and grows only while its rows are all listed
          int batchSize = d == null ? Integer.MAX_VALUE : SEEK_BATCH;
          scanning:
          while (!exhausted && items.size() + prefixes.size() < max) {
            int want = Math.min(max - items.size() - prefixes.size() + 1, batchSize);
            List<ObjectInfo> batch = tx.objects().scan(b, at.after(), at.inclusive(), want);
            exhausted = batch.size() < want;
            for (ObjectInfo o : batch) {
              String k = o.key().value();
              if (!k.startsWith(p)) {
                exhausted = true;
                break scanning;
              }
              if (items.size() + prefixes.size() >= max) {
                break scanning;
              }
              int cut = d == null ? -1 : k.indexOf(d, p.length());
              if (cut >= 0) {
                String common = k.substring(0, cut + d.length());
                prefixes.add(common);
                at = ListCursor.pastPrefix(common);
                exhausted = false;
                batchSize = SEEK_BATCH;
                continue scanning;
              }
              items.add(o);
              at = ListCursor.after(k);
            }
            batchSize = batchSize > Integer.MAX_VALUE / 2 ? batchSize : batchSize * 2;
          }
          String next = null;
          if (!exhausted) {
            List<ObjectInfo> peek = tx.objects().scan(b, at.after(), at.inclusive(), 1);
            if (!peek.isEmpty() && peek.get(0).key().value().startsWith(p)) {
              next = at.encode();
            }
          }
          return new Listing(items, prefixes, next);
        });
  }

  /** The bucket named, or the tenant's default; 404 if the tenant has no such bucket. */
  public static BucketName bucketOf(TenantTx tx, Tenant tenant, BucketName requested) {
    BucketName b = requested == null ? new BucketName(tenant.slug().value()) : requested;
    if (requested != null && !tx.buckets().exists(b)) {
      throw new NotFoundException("bucket_not_found", "no such bucket");
    }
    return b;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  public static NotFoundException notFound() {
    return new NotFoundException("object_not_found", "no such object");
  }
}
