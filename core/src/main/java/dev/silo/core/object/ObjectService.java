package dev.silo.core.object;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.Acl;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.Checksum;
import dev.silo.core.domain.ListingFields;
import dev.silo.core.domain.CommonPrefix;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.SystemFacts;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.UserMetadata;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.spi.BlobNotFoundException;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.spi.ObjectRepository;
import dev.silo.core.spi.ObjectRepository.WithInline;
import dev.silo.core.spi.TenantTx;
import dev.silo.core.write.Publication;
import dev.silo.core.write.Publisher;
import dev.silo.core.write.WritePipeline;
import dev.silo.core.write.WritePolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Objects by key: upload, download, metadata, delete, list. Every method takes the caller's
 * {@link RequestContext}, and every lookup goes through a transaction bound to its tenant, so an
 * object of another tenant is indistinguishable from one that does not exist.
 */
public final class ObjectService {

  private final WritePipeline pipe;
  private final ListingGate listings;

  public ObjectService(WritePipeline pipe) {
    this(pipe, ListingGate.UNLIMITED);
  }

  /** Listings read through {@code listings}, the node's one gate (shared with version listings). */
  public ObjectService(WritePipeline pipe, ListingGate listings) {
    this.pipe = pipe;
    this.listings = listings;
  }

  // ---------------------------------------------------------------- writes

  /**
   * Streams the body into a new blob, then publishes it ({@link Publisher}). The rules ({@link
   * WritePolicy}) are checked before the first byte (the declared length), while streaming (the
   * cap) and again at publication (concurrent uploads), so an upload over a limit leaves nothing
   * behind.
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
    pipe.policy().metadata(req.metadata());
    pipe.policy().folder(req.folder());
    record Plan(StorageSpace space, long cap) {}
    // Fails early, before the body is read; only reads, so on SQLite it runs on a reader, not in the
    // writer's queue. What it reads may be a moment old (a reader's snapshot, a cached row, like any
    // GET's): the publication checks it all again in its own transaction, and that check decides.
    // A body declared small enough to be stored inline skips it: held in memory, no blob written,
    // it costs less to read than the check's transaction, and the publication refuses it the same.
    Plan plan =
        pipe.inline() != null && pipe.inline().holds(req.contentLength())
            ? new Plan(null, Long.MAX_VALUE)
            : pipe.metadata().readInTenant(
                ctx.tenant(),
                tx -> {
                  WritePolicy.Target target = pipe.policy().target(tx, req.bucket(), req.contentType());
                  ObjectInfo existing = pipe.policy().replaced(tx, target.bucket(), req.key(), null);
                  req.conditions().checkWrite(existing);
                  long cap = pipe.policy().cap(tx, target.tenant(), existing);
                  if (req.contentLength() != null) {
                    WritePolicy.requireWithin(req.contentLength(), cap);
                  }
                  return new Plan(pipe.layout().spaceOf(target.tenant()), cap);
                });
    StorageSpace space = plan.space();
    // a body within SILO_INLINE_MAX is published with its row, in one commit (InlineBlobs)
    StagedBlob staged =
        pipe.writer().stage(ctx, space, body, plan.cap(), req.contentLength(), WritePolicy.TOO_LARGE, pipe.inline());
    try {
      return pipe.publisher().publish(ctx, publication(req, staged, newId, null));
    } catch (RuntimeException e) {
      pipe.writer().discard(staged, space);
      throw e;
    }
  }

  /**
   * A copy of {@code source}, the current object of {@code sourceBucket} the caller has just read
   * (and checked its conditions against), under {@code req}'s key, metadata and conditions. The
   * copy shares the source's blob, as a restored version does: one more reference, and no byte
   * written again, on any store; a small object's sealed bytes are copied into a row of their own.
   * A source completed from parts is read once and hashed, since a copy's ETag is the MD5 of its
   * bytes (as on S3) where the source's was made of its parts'. It counts against the quota as any
   * write. A source that changed or went since it was read is copied by streaming its bytes
   * through {@link #put}: {@code body}, the source's bytes as read, or, once they were hashed, the
   * same bytes read again while the store still has them.
   */
  public PutResult copy(RequestContext ctx, PutRequest req, BucketName sourceBucket, ObjectInfo source, InputStream body) {
    ctx.require(Scope.WRITE);
    if (source.blob() == null) {
      return put(ctx, req, body);
    }
    pipe.policy().metadata(req.metadata());
    pipe.policy().folder(req.folder());
    ObjectWriter.Digests digests = source.facts().multipart() ? pipe.writer().digest(body, source.size()) : null;
    PutResult shared =
        pipe.publisher().publishShared(ctx, tx -> {
          ObjectInfo now = stillCurrent(tx, sourceBucket, source).orElse(null);
          if (now == null) {
            return null; // changed since it was read: the bytes read are the copy
          }
          StagedBlob blob = pipe.shared(tx, now).orElse(null);
          if (blob == null) {
            return null;
          }
          if (digests != null) {
            blob = new StagedBlob(blob.name(), blob.size(), digests.sha256(), digests.md5(), 0);
          }
          return new Publication(req.bucket(), req.key(), req.contentType(), req.acl(), req.folder(),
              UserMetadata.validate(req.metadata()), req.headers(), SystemFacts.NONE.sealed(now.facts().seal()).withChecksum(wholeChecksum(now)),
              req.conditions(), blob, null, null, null, false, req.tags(), req.lock());
        });
    if (shared != null) {
      return shared;
    }
    if (digests == null) {
      return put(ctx, req, body);
    }
    StorageSpace space = pipe.metadata().readInTenant(ctx.tenant(), tx -> pipe.layout().spaceOf(tx.tenant().get()));
    return pipe.readAgain(space, source.blob(), null, again -> put(ctx, req, again));
  }

  /** The bucket a request names ({@code null}: the tenant's default), checked to exist (404) and to be the credential's (403). */
  public BucketName bucketOf(RequestContext ctx, BucketName requested) {
    BucketName b = pipe.metadata().readInTenant(ctx.tenant(), tx -> WritePolicy.bucket(tx, requested));
    ctx.requireBucket(b);
    return b;
  }

  /**
   * The current row of {@code source}'s key in {@code bucket}, if it is still the row a copy read
   * (the same object, version and blob): what a copy may share. Empty when it changed or went.
   */
  public static Optional<ObjectInfo> stillCurrent(TenantTx tx, BucketName bucket, ObjectInfo source) {
    return readyRow(tx, bucket, source.key())
        .filter(now -> now.id().equals(source.id()) && java.util.Objects.equals(now.blob(), source.blob())
            && now.version().equals(source.version()));
  }

  /** What {@link Publisher} makes of an upload request and its staged blob, which brings the checksum its body had. */
  public static Publication publication(PutRequest req, StagedBlob staged, ObjectId newId, String reservation) {
    SystemFacts facts = staged.checksum() == null ? req.facts() : req.facts().withChecksum(staged.checksum());
    return new Publication(
        req.bucket(), req.key(), req.contentType(), req.acl(), req.folder(), UserMetadata.validate(req.metadata()),
        req.headers(), facts, req.conditions(), staged, newId, reservation, null, req.completesUpload(), req.tags(), req.lock());
  }

  /**
   * The checksum of {@code o}'s bytes a copy of them keeps: one of the whole object (a composite is
   * its parts'), without the parts', since the copy is stored whole.
   */
  private static Checksum wholeChecksum(ObjectInfo o) {
    var c = o.facts().checksum();
    return c != null && c.type() == Checksum.Type.FULL_OBJECT ? c.withoutParts() : null;
  }

  /**
   * Deletes the current version of a key (404 if it has none). With the bucket's versioning on,
   * the object becomes noncurrent under a delete marker ({@link DeleteResult#marker}), and reads
   * without a version id answer 404; see {@link dev.silo.core.version.Versions#deleteCurrent}.
   */
  public DeleteResult delete(RequestContext ctx, BucketName bucket, ObjectKey key, Conditions conditions) {
    ctx.require(Scope.DELETE);
    Instant now = pipe.now();
    dev.silo.core.version.Versions.Deleted deleted =
        pipe.metadata().inTenant(
            ctx.tenant(),
            tx -> {
              tx.tenant().usage(); // the tenant row's lock first: a concurrent write of the key has committed or waits
              Tenant tenant = tx.tenant().get();
              ObjectInfo o = readyRow(tx, bucket, key).orElseThrow(ObjectService::notFound);
              (conditions == null ? Conditions.NONE : conditions).checkWrite(o);
              return pipe.versions().deleteCurrent(tx, ctx, pipe.layout().spaceOf(tenant), o, now);
            });
    pipe.reaper().reap(deleted.doomed());
    return new DeleteResult(deleted.marker());
  }

  /**
   * What a delete without a version id did: {@code marker} is the delete marker it wrote (its
   * {@code version().wire()} is S3's {@code x-amz-version-id}), null when the bucket is not
   * versioned and the object is gone.
   */
  public record DeleteResult(ObjectInfo marker) {
    public boolean deleteMarker() {
      return marker != null;
    }
  }

  public ObjectInfo updateInfo(RequestContext ctx, BucketName bucket, ObjectKey key, InfoPatch patch) {
    ctx.require(Scope.WRITE);
    Instant now = pipe.now();
    String folder = patch.folder() == null ? null : pipe.policy().folder(patch.folder());
    var attributes = patch.metadata() == null ? null : pipe.policy().metadata(patch.metadata());
    return pipe.metadata().inTenant(
        ctx.tenant(),
        tx -> {
          ObjectInfo o = readyRow(tx, bucket, key).orElseThrow(ObjectService::notFound);
          ObjectInfo updated =
              o.withAttributes(
                  patch.acl() == null ? o.acl() : patch.acl(),
                  patch.folder() == null ? o.folder() : folder,
                  attributes == null ? o.metadata() : attributes,
                  now);
          tx.objects().update(updated);
          pipe.journal().in(tx, ctx, now).object("object.updated", updated);
          return updated;
        });
  }

  /**
   * 415 unless the tenant's allow-list admits {@code contentType}: what a download may claim for
   * an object (S3's {@code response-content-type}) is held to the rule its upload was.
   */
  public void requireAllowed(RequestContext ctx, String contentType) {
    pipe.metadata().readInTenant(ctx.tenant(), tx -> pipe.policy().contentType(tx.tenant().get(), contentType));
  }

  // ---------------------------------------------------------------- reads

  public ObjectInfo info(RequestContext ctx, BucketName bucket, ObjectKey key) {
    ctx.require(Scope.READ);
    return pipe.metadata().readInTenant(
        ctx.tenant(),
        tx -> readyRow(tx, bucket, key).orElseThrow(ObjectService::notFound));
  }

  public ObjectInfo byId(RequestContext ctx, ObjectId id) {
    ctx.require(Scope.READ);
    return pipe.metadata().readInTenant(ctx.tenant(), tx -> tx.objects().find(id).filter(ObjectInfo::ready).orElseThrow(ObjectService::notFound));
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
        pipe.metadata()
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
    return readFound(
        tenantId,
        tx ->
            (body ? readyRowWithInline(tx, bucket, key) : readyRow(tx, bucket, key).map(o -> new WithInline(o, null)))
                .filter(x -> !publicOnly || x.row().acl() == Acl.PUBLIC)
                .orElseThrow(ObjectService::notFound),
        range,
        conditions,
        body);
  }

  /**
   * Opens the object {@code resolve} finds in a transaction of the tenant (it throws 404 when there
   * is none). If its blob was deleted between the lookup and the opening, the lookup is repeated
   * against the database, so a reader gets the old object or the new one, or a 404 when it went.
   * Also how {@link dev.silo.core.version.VersionService} reads a version.
   */
  public ReadResult readResolved(
      dev.silo.core.domain.TenantId tenantId,
      MetadataStore.TenantWork<ObjectInfo> resolve,
      RangeRequest range,
      Conditions conditions,
      boolean body) {
    return readFound(
        tenantId,
        tx -> {
          ObjectInfo o = resolve.run(tx);
          // an inline object's bytes come from the same transaction as its row
          return new WithInline(o, body && o.blob().inline() ? pipe.inline().stored(tx, o.blob()).orElse(null) : null);
        },
        range,
        conditions,
        body);
  }

  /** As {@link #readResolved}, for a lookup that reads an inline object's bytes with its row. */
  private ReadResult readFound(
      dev.silo.core.domain.TenantId tenantId,
      MetadataStore.TenantWork<WithInline> resolve,
      RangeRequest range,
      Conditions conditions,
      boolean body) {
    for (int attempt = 0; ; attempt++) {
      record Resolved(Tenant tenant, WithInline found) {}
      MetadataStore.TenantWork<Resolved> work =
          tx -> {
            WithInline found = resolve.run(tx);
            // the tenant names the blob's space: read only for a body that is in the blob store
            Tenant tenant = body && !found.row().blob().inline() ? tx.tenant().get() : null;
            return new Resolved(tenant, found);
          };
      // a retry means the row pointed at a deleted blob: ask the database, not the cache, again
      Resolved r = attempt == 0 ? pipe.metadata().readInTenant(tenantId, work) : pipe.metadata().inTenant(tenantId, work);
      ObjectInfo o = r.found().row();
      Conditions c = conditions == null ? Conditions.NONE : conditions;
      if (c.notModified(o)) {
        return new ReadResult.NotModified(o);
      }
      var resolvedRange = range == null || !range.appliesTo(o) ? null : range.resolve(o.size());
      if (!body) {
        return new ReadResult.Content(o, resolvedRange, InputStream.nullInputStream());
      }
      try {
        // inline bytes are null when an overwrite deleted them since a cached row was read
        byte[] inline = r.found().inline();
        InputStream in = o.blob().inline()
            ? inlineBody(inline == null ? null : pipe.inline().open(tenantId, inline), resolvedRange)
            : pipe.blobs().read(pipe.layout().spaceOf(r.tenant()), o.blob(), resolvedRange);
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

  /** The bytes of an inline object, or of the range asked for; missing ones are retried like a deleted blob. */
  private static InputStream inlineBody(byte[] bytes, ByteRange range) throws BlobNotFoundException {
    if (bytes == null) {
      throw new BlobNotFoundException("inline blob");
    }
    if (range == null) {
      return new ByteArrayInputStream(bytes);
    }
    return new ByteArrayInputStream(bytes, (int) range.first(), (int) range.length());
  }

  /**
   * Lists a bucket from the metadata store. With a delimiter, keys that share the part up to the
   * next delimiter after the prefix collapse into one common prefix, and the store's walk jumps
   * past them ({@link ObjectRepository#walk}): a page of 1,000 folders reads 1,001 keys in one
   * statement, whatever the folders hold, and no row. The cursor is the position after the
   * last entry returned. Each object is read in the {@code fields} the listing shows.
   */
  public Listing list(
      RequestContext ctx, BucketName bucket, String prefix, String delimiter, String cursor, Integer limit,
      ListingFields fields) {
    ctx.require(Scope.READ);
    String p = prefix == null ? "" : prefix;
    String d = delimiter == null || delimiter.isEmpty() ? null : delimiter;
    int max = ListCursor.limit(limit);
    ListCursor position = cursor == null || cursor.isEmpty() ? ListCursor.start(p) : ListCursor.decode(cursor);
    return listings.pass(() -> pipe.metadata().readInTenant(
        ctx.tenant(),
        tx -> {
          BucketName b = WritePolicy.bucket(tx, bucket);
          // one key more than the page holds: if it is still under the prefix, there is a next page
          List<ObjectRepository.Visit> visits = d == null
              ? tx.objects().page(b, position.after(), position.inclusive(), max + 1, fields).stream()
                  .map(o -> new ObjectRepository.Visit(o.key().value(), o))
                  .toList()
              : tx.objects().walk(b, position.after(), position.inclusive(), p, d, max + 1, fields);
          List<ObjectInfo> items = new ArrayList<>();
          List<String> prefixes = new ArrayList<>();
          ListCursor at = position;
          String next = null;
          for (ObjectRepository.Visit v : visits) {
            String k = v.key();
            if (!k.startsWith(p)) {
              break;
            }
            if (items.size() + prefixes.size() == max) {
              next = at.encode();
              break;
            }
            String common = d == null ? null : CommonPrefix.of(k, p, d);
            if (common != null) {
              prefixes.add(common);
              at = ListCursor.pastPrefix(common);
            } else {
              items.add(v.row());
              at = ListCursor.after(k);
            }
          }
          return new Listing(items, prefixes, next);
        }));
  }


  /**
   * The key's ready row in the bucket named (the tenant's default when null); a 404 {@code
   * bucket_not_found} when there is no such bucket. The row is looked up first and the bucket only
   * when there is none: deleting a bucket deletes its rows, so a row proves its bucket, and a read
   * that finds one costs one statement, not two.
   */
  public static Optional<ObjectInfo> readyRow(TenantTx tx, BucketName bucket, ObjectKey key) {
    return inBucket(tx, bucket, b -> tx.objects().find(b, key)).filter(ObjectInfo::ready);
  }

  /** As {@link #readyRow}, with an inline object's bytes read in the row's statement. */
  private static Optional<WithInline> readyRowWithInline(TenantTx tx, BucketName bucket, ObjectKey key) {
    return inBucket(tx, bucket, b -> tx.objects().findWithInline(b, key)).filter(f -> f.row().ready());
  }

  private static <T> Optional<T> inBucket(TenantTx tx, BucketName bucket, Function<BucketName, Optional<T>> find) {
    Optional<T> row = find.apply(bucket == null ? WritePolicy.bucket(tx, null) : bucket);
    if (row.isEmpty()) {
      WritePolicy.bucket(tx, bucket);
    }
    return row;
  }

  public static NotFoundException notFound() {
    return new NotFoundException("object_not_found", "no such object");
  }
}
