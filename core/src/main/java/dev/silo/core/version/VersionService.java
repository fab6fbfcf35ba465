package dev.silo.core.version;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.Bucket;
import dev.silo.core.domain.LifecycleRule;
import dev.silo.core.domain.ObjectTags;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ListingFields;
import dev.silo.core.domain.CommonPrefix;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.ObjectLock;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.Usage;
import dev.silo.core.domain.Version;
import dev.silo.core.domain.Versioning;
import dev.silo.core.error.ConflictException;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.object.BlobReaper;
import dev.silo.core.object.Conditions;
import dev.silo.core.object.ListingGate;
import dev.silo.core.object.ObjectService;
import dev.silo.core.object.PutResult;
import dev.silo.core.object.RangeRequest;
import dev.silo.core.object.ReadResult;
import dev.silo.core.object.StagedBlob;
import dev.silo.core.spi.StoredVersion;
import dev.silo.core.spi.TenantTx;
import dev.silo.core.write.Publication;
import dev.silo.core.write.WritePipeline;
import dev.silo.core.write.WritePolicy;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Versions of objects, for the protocol adapters (REST and S3 call the same methods). A version is
 * named by its wire id ({@link ObjectVersion#versionId()}: Silo's id, or {@code "null"} for the
 * null version); an id the key does not have, a version of another tenant, and a malformed id are
 * all 404 {@code version_not_found}. Every method takes the caller's {@link RequestContext} and
 * works in a transaction bound to its tenant.
 *
 * <p>Writes that make versions are not here: every write goes through {@link
 * dev.silo.core.write.Publisher}, and a delete without a version id through {@link
 * dev.silo.core.object.ObjectService#delete}, which follow the bucket's versioning ({@link
 * Versions}).
 */
public final class VersionService {
  private final WritePipeline pipe;
  private final ObjectService objects;
  private final ListingGate listings;

  public VersionService(WritePipeline pipe) {
    this(pipe, ListingGate.UNLIMITED);
  }

  /** Version listings read through {@code listings}, the node's one gate (shared with object listings). */
  public VersionService(WritePipeline pipe, ListingGate listings) {
    this.pipe = pipe;
    this.objects = new ObjectService(pipe, listings);
    this.listings = listings;
  }

  // ---------------------------------------------------------------- bucket settings

  /**
   * Sets a bucket's versioning ({@code null}: unchanged) and, when {@code setNoncurrentDays}, its
   * {@code noncurrent_days} (null: keep noncurrent versions for ever), the lifecycle rule {@value
   * dev.silo.core.domain.Lifecycle#NONCURRENT_DAYS}. A bucket can be enabled or
   * suspended, never turned back off (as S3). Scope {@code write}; audited {@code bucket.versioning}.
   */
  public Bucket configure(
      RequestContext ctx, BucketName bucket, Versioning versioning, boolean setNoncurrentDays, Integer noncurrentDays) {
    ctx.require(Scope.WRITE);
    if (versioning == Versioning.OFF) {
      throw new InvalidInputException("invalid_versioning", "versioning can be enabled or suspended, not turned off");
    }
    if (setNoncurrentDays && noncurrentDays != null && (noncurrentDays < 1 || noncurrentDays > LifecycleRule.MAX_DAYS)) {
      throw new InvalidInputException("invalid_noncurrent_days", "noncurrent_days must be between 1 and " + LifecycleRule.MAX_DAYS);
    }
    Instant now = pipe.now();
    return pipe.metadata().inTenant(
        ctx.tenant(),
        tx -> {
          BucketName b = WritePolicy.bucket(tx, bucket);
          Bucket current = tx.buckets().find(b).orElseThrow(VersionService::bucketNotFound);
          Versioning v = versioning == null ? current.versioning() : versioning;
          if (current.objectLock() != null && v != Versioning.ENABLED) {
            throw new ConflictException("object_lock_versioning", "a bucket with object lock keeps versioning enabled");
          }
          Integer days = setNoncurrentDays ? noncurrentDays : current.noncurrentDays();
          tx.buckets().setVersioning(b, v);
          if (setNoncurrentDays) {
            tx.buckets().setLifecycle(b, current.lifecycle().withNoncurrentDays(days));
          }
          pipe.journal().in(tx, ctx, now).audit("bucket.versioning", b.value() + " " + v.wire()
              + (days == null ? "" : " noncurrent_days=" + days));
          return tx.buckets().find(b).orElseThrow();
        });
  }

  // ---------------------------------------------------------------- reads

  /** The version, a delete marker included; 404 {@code version_not_found} if the key has no such version. */
  public ObjectVersion find(RequestContext ctx, BucketName bucket, ObjectKey key, String versionId) {
    ctx.require(Scope.READ);
    return pipe.metadata().inTenant(ctx.tenant(), tx -> resolve(tx, bucket, key, versionId));
  }

  /** The version's object; 404 also for a delete marker (it has no content). */
  public ObjectInfo info(RequestContext ctx, BucketName bucket, ObjectKey key, String versionId) {
    ObjectVersion v = find(ctx, bucket, key, versionId);
    if (v.deleteMarker()) {
      throw notFound();
    }
    return v.object();
  }

  /**
   * Opens a version for reading, as {@link dev.silo.core.object.ObjectService#read} does the
   * current one (ranges, conditions). A delete marker is 404 here; an adapter that must tell it
   * apart (S3's 405 with {@code x-amz-delete-marker}) asks {@link #find} first. A version deleted
   * for good between its lookup and the opening of its bytes is 404.
   */
  public ReadResult read(
      RequestContext ctx, BucketName bucket, ObjectKey key, String versionId, RangeRequest range, Conditions conditions,
      boolean body) {
    ctx.require(Scope.READ);
    return objects.readResolved(
        ctx.tenant(),
        tx -> {
          ObjectVersion v = resolve(tx, bucket, key, versionId);
          if (v.deleteMarker()) {
            throw notFound();
          }
          return v.object();
        },
        range,
        conditions,
        body);
  }

  /** Bytes and number of the tenant's noncurrent versions (delete markers count nothing). */
  public Usage noncurrentUsage(RequestContext ctx) {
    ctx.require(Scope.READ);
    return pipe.metadata().inTenant(ctx.tenant(), tx -> tx.versions().noncurrentUsage());
  }

  // ---------------------------------------------------------------- listing

  /** A cursor that starts a version listing after S3's key-marker and version-id-marker (wire id or null). */
  public static String cursorAfter(String keyMarker, String versionIdMarker) {
    String k = keyMarker == null ? "" : keyMarker;
    if (versionIdMarker == null || versionIdMarker.isEmpty()) {
      return new VersionCursor(k, null, false).encode();
    }
    return new VersionCursor(k, versionIdMarker, false).encode();
  }

  /** A cursor that starts a version listing past every key beginning with {@code prefix} (a common prefix). */
  public static String cursorPast(String prefix) {
    return new VersionCursor(CommonPrefix.past(prefix), null, true).encode();
  }

  /**
   * Lists versions and delete markers of a bucket: keys in UTF-8 byte order, newest version first
   * within a key, {@link ObjectVersion#latest} on each key's newest. With a delimiter, keys that
   * share the part up to the next delimiter after the prefix collapse into one common prefix. At
   * most {@code limit} entries and prefixes together (default 100, at most 1000).
   */
  public VersionListing list(
      RequestContext ctx, BucketName bucket, String prefix, String delimiter, String cursor, Integer limit) {
    ctx.require(Scope.READ);
    String p = prefix == null ? "" : prefix;
    String d = delimiter == null || delimiter.isEmpty() ? null : delimiter;
    int max = limit(limit);
    VersionCursor start = cursor == null || cursor.isEmpty() ? new VersionCursor(p, null, true) : VersionCursor.decode(cursor);
    return listings.pass(() -> pipe.metadata().readInTenant(
        ctx.tenant(),
        tx -> {
          BucketName b = WritePolicy.bucket(tx, bucket);
          int batch = Math.min(max + 1, 256);
          Merge merge = new Merge(tx, b, batch);
          VersionCursor at = resolveNull(tx, b, start);
          merge.seek(at, d == null ? batch : 1); // with a delimiter the first entry may be a prefix
          List<ObjectVersion> out = new ArrayList<>();
          List<String> prefixes = new ArrayList<>();
          String keyOfLast = at.versionId() != null ? at.key() : null;
          VersionCursor position = at;
          String lastKey = null;
          String lastVersion = null;
          boolean more = false;
          while (true) {
            Object next = merge.peek();
            if (next == null) {
              break;
            }
            String k = Merge.key(next);
            if (!k.startsWith(p)) {
              break;
            }
            if (out.size() + prefixes.size() >= max) {
              more = true;
              break;
            }
            String common = d == null ? null : CommonPrefix.of(k, p, d);
            if (common != null) {
              prefixes.add(common);
              position = new VersionCursor(CommonPrefix.past(common), null, true);
              merge.seek(position, 1);
              keyOfLast = null;
              lastKey = common;
              lastVersion = null;
              continue;
            }
            merge.pop();
            boolean latest = !k.equals(keyOfLast);
            keyOfLast = k;
            ObjectVersion v =
                next instanceof ObjectInfo o
                    ? new ObjectVersion(o, false, true)
                    : new ObjectVersion(((StoredVersion) next).object(), ((StoredVersion) next).deleteMarker(), latest);
            out.add(v);
            position =
                new VersionCursor(k, next instanceof ObjectInfo ? VersionCursor.ALL : ((StoredVersion) next).versionId(), false);
            lastKey = k;
            lastVersion = v.versionId();
          }
          return new VersionListing(out, prefixes, more ? position.encode() : null, lastKey, lastVersion);
        }));
  }

  /** A cursor after the key's null version, made concrete (S3's version-id-marker=null). */
  private static VersionCursor resolveNull(TenantTx tx, BucketName b, VersionCursor c) {
    if (!VersionCursor.NULL_VERSION.equals(c.versionId())) {
      if (c.versionId() != null && !c.versionId().equals(VersionCursor.ALL) && !Version.plausible(c.versionId())) {
        throw new InvalidInputException("invalid_cursor", "invalid version id marker");
      }
      return c;
    }
    ObjectKey key = new ObjectKey(c.key());
    Optional<ObjectInfo> current = tx.objects().find(b, key).filter(ObjectInfo::ready);
    if (current.isPresent() && current.get().version().nullVersion()) {
      return new VersionCursor(c.key(), VersionCursor.ALL, false);
    }
    return tx.versions().findNull(b, key)
        .map(v -> new VersionCursor(c.key(), v.versionId(), false))
        .orElse(new VersionCursor(c.key(), null, false));
  }

  /**
   * Current rows and noncurrent versions read side by side in listing order: at an equal key the
   * current row comes first (it is the newest). Each side is read in batches that double from
   * the size a seek gives, up to {@code batch}: past a common prefix the next entry is often
   * another prefix, and a full batch of each side there read 512 rows to use one.
   */
  private static final class Merge {
    private final TenantTx tx;
    private final BucketName bucket;
    private final int batch;
    private int currentBatch;
    private int noncurrentBatch;
    private final ArrayDeque<ObjectInfo> current = new ArrayDeque<>();
    private final ArrayDeque<StoredVersion> noncurrent = new ArrayDeque<>();
    private boolean currentDone;
    private boolean noncurrentDone;
    private String currentAfter;
    private boolean currentInclusive;
    private String versionKey;
    private String versionBefore;
    private boolean versionInclusive;

    Merge(TenantTx tx, BucketName bucket, int batch) {
      this.tx = tx;
      this.bucket = bucket;
      this.batch = batch;
    }

    /** Reads from {@code c} on, each side's first batch of {@code first} rows. */
    void seek(VersionCursor c, int first) {
      currentBatch = first;
      noncurrentBatch = first;
      current.clear();
      noncurrent.clear();
      currentDone = false;
      noncurrentDone = false;
      currentAfter = c.key();
      currentInclusive = c.versionId() == null && c.inclusive();
      versionKey = c.key();
      versionBefore = c.versionId();
      versionInclusive = c.inclusive();
    }

    private ObjectInfo peekCurrent() {
      if (current.isEmpty() && !currentDone) {
        List<ObjectInfo> rows = tx.objects().page(bucket, currentAfter, currentInclusive, currentBatch, ListingFields.FULL);
        currentDone = rows.size() < currentBatch;
        currentBatch = Math.min(batch, currentBatch * 2);
        if (!rows.isEmpty()) {
          currentAfter = rows.getLast().key().value();
          currentInclusive = false;
          current.addAll(rows);
        }
      }
      return current.peek();
    }

    private StoredVersion peekNoncurrent() {
      if (noncurrent.isEmpty() && !noncurrentDone) {
        List<StoredVersion> rows = tx.versions().scan(bucket, versionKey, versionBefore, versionInclusive, noncurrentBatch);
        noncurrentDone = rows.size() < noncurrentBatch;
        noncurrentBatch = Math.min(batch, noncurrentBatch * 2);
        if (!rows.isEmpty()) {
          versionKey = rows.getLast().object().key().value();
          versionBefore = rows.getLast().versionId();
          noncurrent.addAll(rows);
        }
      }
      return noncurrent.peek();
    }

    /** The next entry (an {@link ObjectInfo} or a {@link StoredVersion}), or null at the end. */
    Object peek() {
      ObjectInfo c = peekCurrent();
      StoredVersion v = peekNoncurrent();
      if (c == null) {
        return v;
      }
      if (v == null) {
        return c;
      }
      return ObjectKey.ORDER.compare(c.key().value(), v.object().key().value()) <= 0 ? c : v;
    }

    void pop() {
      Object next = peek();
      if (next instanceof ObjectInfo) {
        current.poll();
      } else {
        noncurrent.poll();
      }
    }

    static String key(Object entry) {
      return entry instanceof ObjectInfo o ? o.key().value() : ((StoredVersion) entry).object().key().value();
    }
  }

  private static int limit(Integer requested) {
    if (requested == null) {
      return 100;
    }
    if (requested < 1 || requested > 1000) {
      throw new InvalidInputException("invalid_limit", "limit must be between 1 and 1000");
    }
    return requested;
  }

  // ---------------------------------------------------------------- permanent deletion, restore

  /**
   * Deletes one version for good (scope {@code delete}): its bytes leave usage and storage (unless
   * a restored version shares them). Deleting the current version makes the next newest current
   * (or leaves its delete marker as the newest); deleting a delete marker brings back the version
   * under it. Audited {@code object.version_deleted}, announced {@code object.deleted}. Returns
   * what was deleted (S3 answers {@code x-amz-delete-marker} when it was a marker). A version
   * under object lock is 403; {@code bypassGovernance} (S3's {@code
   * x-amz-bypass-governance-retention}, scope {@code admin}) lets a GOVERNANCE retention go.
   */
  public ObjectVersion delete(RequestContext ctx, BucketName bucket, ObjectKey key, String versionId, boolean bypassGovernance) {
    ctx.require(Scope.DELETE);
    if (bypassGovernance) {
      ctx.require(Scope.ADMIN);
    }
    Instant now = pipe.now();
    record Done(ObjectVersion version, List<BlobReaper.Doomed> doomed) {}
    Done done =
        pipe.metadata().inTenant(
            ctx.tenant(),
            tx -> {
              Tenant tenant = tx.tenant().get();
              tx.tenant().usage(); // the tenant row first, as every write locks it
              StorageSpace space = pipe.layout().spaceOf(tenant);
              ObjectVersion v = resolve(tx, bucket, key, versionId);
              List<BlobReaper.Doomed> doomed = new ArrayList<>();
              ObjectInfo current = tx.objects().find(v.object().bucket(), key).filter(ObjectInfo::ready).orElse(null);
              if (current != null && !v.deleteMarker() && current.id().equals(v.object().id())
                  && current.version().equals(v.object().version())) {
                pipe.versions().removeCurrent(tx, space, current, now, bypassGovernance).ifPresent(doomed::add);
              } else {
                StoredVersion stored =
                    tx.versions().find(v.object().bucket(), key, v.object().version().id()).orElseThrow(VersionService::notFound);
                pipe.versions().removeNoncurrent(tx, space, stored, now, bypassGovernance).ifPresent(doomed::add);
                pipe.versions().promote(tx, v.object().bucket(), key);
              }
              pipe.journal().in(tx, ctx, now).object("object.version_deleted", "object.deleted", v.object(), v.deleteMarker());
              return new Done(v, doomed);
            });
    pipe.reaper().reap(done.doomed());
    return done.version();
  }

  /**
   * Makes a copy of a version the new current version of its key (scope {@code write}): a new
   * version with its own id (the null version under suspended versioning), with the content,
   * content type, headers and metadata of the one restored. The bytes are shared, not copied: the
   * blob gets one more reference ({@link dev.silo.core.spi.VersionRepository#shareBlob}), and is
   * deleted only when the last row referencing it goes. The restored version counts again against
   * the quota, as every version does. 404 for a delete marker.
   */
  public PutResult restore(RequestContext ctx, BucketName bucket, ObjectKey key, String versionId) {
    ctx.require(Scope.WRITE);
    return pipe.publisher().publishShared(
        ctx,
        tx -> {
          ObjectVersion v = resolve(tx, bucket, key, versionId);
          if (v.deleteMarker()) {
            throw new NotFoundException("version_not_found", "a delete marker has no content to restore");
          }
          ObjectInfo o = v.object();
          StagedBlob blob = pipe.shared(tx, o).orElseThrow(VersionService::notFound);
          return new Publication(
              o.bucket(), o.key(), o.contentType(), o.acl(), o.folder(), o.metadata(), o.headers(), o.facts(), null, blob,
              null, null, null, false, o.tags());
        });
  }

  // ---------------------------------------------------------------- tags

  /**
   * A version of the key ({@code versionId} null: the current one) with its tags and object lock;
   * 404 when there is none, and for a delete marker, which has neither.
   */
  public ObjectVersion version(RequestContext ctx, BucketName bucket, ObjectKey key, String versionId) {
    ctx.require(Scope.READ);
    return pipe.metadata().readInTenant(ctx.tenant(), tx -> withContent(tx, bucket, key, versionId));
  }

  /**
   * Replaces the tags of a version of the key ({@code versionId} null: the current one), as S3's
   * PutObjectTagging and DeleteObjectTagging do: its bytes, ETag and modification time stay.
   * Scope {@code write}; audited {@code object.tagged}, announced as {@code object.updated}.
   */
  public ObjectVersion setTags(RequestContext ctx, BucketName bucket, ObjectKey key, String versionId, ObjectTags tags) {
    ctx.require(Scope.WRITE);
    Instant now = pipe.now();
    return pipe.metadata().inTenant(
        ctx.tenant(),
        tx -> {
          ObjectVersion v = withContent(tx, bucket, key, versionId);
          ObjectInfo tagged = v.object().withTags(tags);
          rewrite(tx, tagged, () -> tx.versions().setTags(tagged.bucket(), key, tagged.version().id(), tags));
          pipe.journal().in(tx, ctx, now).object("object.tagged", "object.updated", tagged, false);
          return new ObjectVersion(tagged, false, v.latest());
        });
  }

  // ---------------------------------------------------------------- object lock

  /**
   * Sets the retention of a version of the key ({@code versionId} null: the current one), as S3's
   * PutObjectRetention does ({@code mode} and {@code until} null: removes it): lengthened freely,
   * shortened or removed only as {@link ObjectLock#withRetention} allows, {@code bypassGovernance}
   * needing scope {@code admin}. Only in a bucket with object lock (else 400). Scope {@code write};
   * audited {@code object.retention}.
   */
  public ObjectVersion setRetention(
      RequestContext ctx, BucketName bucket, ObjectKey key, String versionId, ObjectLock.Mode mode, Instant until,
      boolean bypassGovernance) {
    ctx.require(Scope.WRITE);
    if (bypassGovernance) {
      ctx.require(Scope.ADMIN);
    }
    return relock(ctx, bucket, key, versionId, "object.retention",
        (lock, now) -> lock.withRetention(mode, until, now, bypassGovernance));
  }

  /**
   * A version of the key ({@code versionId} null: the current one) with its object lock, in a
   * bucket with object lock: 400 {@code object_lock_not_enabled} elsewhere, as S3 answers a
   * retention or legal hold asked of such a bucket.
   */
  public ObjectVersion locked(RequestContext ctx, BucketName bucket, ObjectKey key, String versionId) {
    ctx.require(Scope.READ);
    return pipe.metadata().readInTenant(ctx.tenant(), tx -> lockable(tx, bucket, key, versionId));
  }

  /** Puts a legal hold on a version of the key or takes it off, as S3's PutObjectLegalHold. Scope {@code write}; audited {@code object.legal_hold}. */
  public ObjectVersion setLegalHold(RequestContext ctx, BucketName bucket, ObjectKey key, String versionId, boolean on) {
    ctx.require(Scope.WRITE);
    return relock(ctx, bucket, key, versionId, "object.legal_hold", (lock, now) -> lock.withLegalHold(on));
  }

  private ObjectVersion relock(
      RequestContext ctx, BucketName bucket, ObjectKey key, String versionId, String action,
      java.util.function.BiFunction<ObjectLock, Instant, ObjectLock> change) {
    Instant now = pipe.now();
    return pipe.metadata().inTenant(
        ctx.tenant(),
        tx -> {
          tx.tenant().usage(); // the tenant row first, as every write locks it: a delete of the version waits, or went first
          ObjectVersion v = lockable(tx, bucket, key, versionId);
          ObjectInfo relocked = v.object().withLock(change.apply(v.object().lock(), now));
          rewrite(tx, relocked, () -> tx.versions().setLock(relocked.bucket(), key, relocked.version().id(), relocked.lock()));
          ObjectLock l = relocked.lock();
          pipe.journal().in(tx, ctx, now).audit(action, relocked.bucket().value() + "/" + key.value() + " " + relocked.version().wire()
              + " " + (l.mode() == null ? "none" : l.mode() + " until " + l.retainUntil()) + (l.legalHold() ? " legal hold" : ""));
          return new ObjectVersion(relocked, false, v.latest());
        });
  }

  /** Writes {@code changed} where its version lives: the current row, or else the stored version ({@code stored}). */
  private static void rewrite(TenantTx tx, ObjectInfo changed, Runnable stored) {
    ObjectInfo current = tx.objects().find(changed.bucket(), changed.key()).filter(ObjectInfo::ready).orElse(null);
    if (current != null && current.id().equals(changed.id()) && current.version().equals(changed.version())) {
      tx.objects().update(changed);
    } else {
      stored.run();
    }
  }

  /** The version, in a bucket with object lock (400 elsewhere). */
  private static ObjectVersion lockable(TenantTx tx, BucketName bucket, ObjectKey key, String versionId) {
    ObjectVersion v = withContent(tx, bucket, key, versionId);
    Bucket b = tx.buckets().find(v.object().bucket()).orElseThrow(VersionService::bucketNotFound);
    if (b.objectLock() == null) {
      throw new InvalidInputException("object_lock_not_enabled", "the bucket does not have object lock enabled");
    }
    return v;
  }

  private static ObjectVersion withContent(TenantTx tx, BucketName bucket, ObjectKey key, String versionId) {
    ObjectVersion v =
        versionId == null
            ? ObjectService.readyRow(tx, bucket, key).map(o -> new ObjectVersion(o, false, true))
                .orElseThrow(ObjectService::notFound)
            : resolve(tx, bucket, key, versionId);
    if (v.deleteMarker()) {
      throw notFound();
    }
    return v;
  }

  // ---------------------------------------------------------------- lookups

  /** The version of the key with this wire id, in the caller's transaction; 404 if there is none. */
  static ObjectVersion resolve(TenantTx tx, BucketName bucket, ObjectKey key, String versionId) {
    if (!Version.plausible(versionId)) {
      throw notFound();
    }
    BucketName b = WritePolicy.bucket(tx, bucket);
    boolean wantNull = Version.NULL_ID.equals(versionId);
    ObjectInfo current = tx.objects().find(b, key).filter(ObjectInfo::ready).orElse(null);
    if (current != null
        && (wantNull ? current.version().nullVersion() : !current.version().nullVersion() && versionId.equals(current.version().id()))) {
      return new ObjectVersion(current, false, true);
    }
    Optional<StoredVersion> stored =
        wantNull
            ? tx.versions().findNull(b, key)
            : tx.versions().find(b, key, versionId).filter(v -> !v.object().version().nullVersion());
    StoredVersion v = stored.orElseThrow(VersionService::notFound);
    boolean latest =
        current == null && tx.versions().newest(b, key).map(n -> n.versionId().equals(v.versionId())).orElse(false);
    return new ObjectVersion(v.object(), v.deleteMarker(), latest);
  }

  public static NotFoundException notFound() {
    return new NotFoundException("version_not_found", "no such version");
  }

  private static NotFoundException bucketNotFound() {
    return new NotFoundException("bucket_not_found", "no such bucket");
  }
}
