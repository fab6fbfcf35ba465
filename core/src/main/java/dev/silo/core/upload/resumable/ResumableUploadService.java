package dev.silo.core.upload.resumable;

import static dev.silo.core.upload.resumable.UploadAccess.denied;
import static dev.silo.core.upload.resumable.UploadAccess.granted;
import static dev.silo.core.upload.resumable.UploadAccess.live;
import static dev.silo.core.upload.resumable.UploadAccess.madeFor;
import static dev.silo.core.upload.resumable.UploadAccess.untouchedReservation;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.bucket.UnfinishedUploads;
import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.SystemFacts;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.UserMetadata;
import dev.silo.core.error.ConflictException;
import dev.silo.core.error.ForbiddenException;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.error.PayloadTooLargeException;
import dev.silo.core.error.SiloException;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.object.BlobReaper;
import dev.silo.core.object.StagedBlob;
import dev.silo.core.signing.SignedClaims;
import dev.silo.core.signing.UrlSigner;
import dev.silo.core.spi.AppendableBlobs;
import dev.silo.core.spi.MultipartBlobs;
import dev.silo.core.spi.ResumableRepository;
import dev.silo.core.spi.TenantTx;
import dev.silo.core.write.Publication;
import dev.silo.core.write.Publisher;
import dev.silo.core.write.WritePipeline;
import dev.silo.core.write.WritePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Resumable uploads. State lives in the metadata store, so a chunk may land on any node; the offset
 * moves only by a conditional update ({@link ResumableRepository#advance}), so of two chunks sent
 * at the same offset exactly one is committed and the other is a 409. Within a node a second
 * PATCH of an upload that is still receiving one is refused at once (409) rather than queued.
 *
 * <p>Bytes: with an {@link AppendableBlobs} store (the filesystem) they grow one partial blob,
 * forced to disk per chunk and cut back on a failed one. With a {@link MultipartBlobs} store (S3)
 * they go into the parts of one assembly begun at creation; the bytes that do not fill a part yet
 * (the tail) are kept as a blob and sent, ahead of the next chunk's bytes, in the next part.
 * Otherwise each chunk is its own immutable blob, recorded as a part. The announced length (or,
 * deferred, each chunk's bytes) is reserved against the quota when accepted ({@link
 * WritePolicy#reserve}). The chunk that completes the upload claims the full offset first, then
 * publishes through {@link Publisher}, so the object gets exactly the limits, quota, ids, ACL,
 * listing, audit and events of any upload and appears atomically: the appended or assembled blob
 * becomes the object's blob, its hashes carried from chunk to chunk on the upload's row ({@link
 * RunningHashes}), so it is not read again; parts are streamed in order into a new blob. If
 * publication fails the claim is undone and the last chunk
 * dropped, so the client may send it again; only if adopting an assembled blob fails is the
 * upload removed instead, since its assembly is spent.
 */
public final class ResumableUploadService implements UnfinishedUploads {
  public static final Duration DEFAULT_EXPIRY = Duration.ofHours(24);
  /** The largest upload announced to clients (S3's object limit). */
  public static final long MAX_SIZE = 5L * 1024 * 1024 * 1024 * 1024;

  /**
   * Whether the running hashes of TUS uploads are OpenSSL's (libcrypto.so.3 found and checked)
   * rather than BouncyCastle's Java, several times slower; the first call loads it.
   */
  public static boolean hashesWithOpenSsl() {
    return NativeHashes.available();
  }
  /** The content type recorded for a partial upload, which has none of its own. */
  private static final String PARTIAL_TYPE = "application/octet-stream";
  /** For {@link #publish}: a failed publication keeps the full offset (nothing to take back). */
  private static final long NO_UNDO = -1;
  /** The partial blob's sweeper intent falls due this long after the upload expires. */
  private static final Duration SAFETY_GRACE = Duration.ofHours(1);

  /** A declared chunk checksum: {@code sha1} or {@code sha256} and the digest's bytes. */
  public record Checksum(String algorithm, byte[] expected, String header) {
    public Checksum {
      ChunkStream.digest(algorithm);
    }
  }

  /** An upload reserved for a browser, the token that authorizes it and its creation URL. */
  public record Reservation(ResumableUpload upload, String token, String creationUrl, Instant tokenExpiresAt) {}

  private final ChunkBytes bytes;
  private final long maxSize;
  private final UrlSigner signer;
  private final Duration expiry;
  private final CreationLinks links;
  private final Map<String, ReentrantLock> receiving = new ConcurrentHashMap<>();

  private final WritePipeline pipe;
  private final FinalUploads finals;

  public ResumableUploadService(WritePipeline pipe, UrlSigner signer, Duration expiry, CreationLinks links) {
    this.pipe = pipe;
    this.bytes = new ChunkBytes(pipe.blobs(), pipe.writer());
    this.maxSize = bytes.maxSize(MAX_SIZE);
    this.signer = signer;
    this.expiry = expiry == null ? DEFAULT_EXPIRY : expiry;
    this.links = links;
    this.finals = new FinalUploads(pipe, bytes, maxSize, this.expiry);
  }

  /** The largest upload this service takes (Tus-Max-Size): S3's limit, or the assembly's. */
  public long maxSize() {
    return maxSize;
  }

  // ---------------------------------------------------------------- creation

  /** Creates an upload; an upload of length 0 is published at once. */
  public ResumableUpload create(RequestContext ctx, Creation c) {
    ctx.require(Scope.WRITE);
    if (ctx.grant().isPresent()) {
      throw denied(); // a token names one reserved upload: it claims that one, never makes another
    }
    ResumableUpload u = insert(ctx, c, null, null);
    if (u.length() != null && u.length() == 0) {
      return publish(ctx, u, 0, 1, u.hashState());
    }
    return u;
  }

  /**
   * Creates a partial upload (TUS concatenation): its bytes are received like any upload's and
   * held against the quota, but become an object only as part of a final upload ({@link
   * #concatenate}); alone, it expires with its bytes. An empty one is sealed at once.
   *
   * <p>Through an upload token, the partial upload belongs to the token's reserved upload (it
   * takes its bucket and key, so the token reaches it) and, when that announced a size, takes its
   * length out of the reserved upload's hold on the quota: the partial uploads of one token never
   * hold more than the size announced, nor the room twice.
   */
  public ResumableUpload createPartial(RequestContext ctx, Long length, String uploadMetadata) {
    ctx.require(Scope.WRITE);
    ObjectId reservedFor = ctx.grant().isPresent() ? granted(ctx).orElseThrow(UploadAccess::denied) : null;
    ResumableUpload u =
        insert(ctx, new Creation(null, null, "partial", null, null, length, null, null, uploadMetadata), ResumableUpload.PARTIAL,
            reservedFor);
    if (u.length() != null && u.length() == 0) {
      return publish(ctx, u, 0, 1, u.hashState());
    }
    return u;
  }

  /**
   * Creates a final upload of the partial uploads {@code partialIds}, in that order ({@link
   * FinalUploads}), and publishes its object before returning. If publication fails, the final
   * upload stays, full, and is published by the next HEAD.
   */
  public ResumableUpload concatenate(RequestContext ctx, Creation c, List<String> partialIds) {
    ctx.require(Scope.WRITE);
    return publish(ctx, finals.make(ctx, c, partialIds), NO_UNDO, 0, null);
  }

  /**
   * Reserves an upload for a browser ({@code POST /v1/uploads} with {@code resumable}): the key is
   * computed as for presigned uploads, and the token authorizes creating, then HEAD and PATCH of,
   * this one upload until it expires.
   */
  public Reservation reserve(RequestContext ctx, Creation c, Long ttlSeconds) {
    ctx.require(Scope.WRITE);
    if (c.filename() == null || c.filename().isBlank()) {
      throw new InvalidInputException("invalid_filename", "filename is required");
    }
    Duration ttl = UrlSigner.ttl(ttlSeconds);
    ResumableUpload u = insert(
            ctx,
            new Creation(c.bucket(), null, c.filename(), c.contentType(), c.category(), c.length(), c.metadata(), c.headers()),
            null, null);
    Instant expires = signer.expiryFor(ttl);
    String token = signer.sign(new SignedClaims(ctx.tenant(), null, null, SignedClaims.UPLOAD, expires, u.objectId(), ctx.lineage()));
    return new Reservation(u, token, links.creationUrl(token), expires);
  }

  /**
   * A creation through an upload token (verified by authentication): the reserved upload the token
   * names takes the declared length (it must match an announced size) and is returned; creating
   * twice returns the same upload.
   */
  public ResumableUpload claim(RequestContext ctx, Long length) {
    ctx.require(Scope.WRITE);
    ObjectId reserved = granted(ctx).orElseThrow(UploadAccess::denied);
    ResumableUpload u =
        pipe.metadata().inTenant(ctx.tenant(), tx -> tx.resumable().findByObjectId(reserved)).orElseThrow(UploadAccess::denied);
    u = find(ctx, u.id());
    if (length != null && u.length() == null) {
      declareLength(ctx, u, length);
      u = find(ctx, u.id());
    } else if (length != null && !length.equals(u.length())) {
      throw new InvalidInputException("length_mismatch", "Upload-Length differs from the announced size");
    }
    if (u.length() != null && u.length() == 0 && !u.completed()) {
      return publish(ctx, u, 0, 1, u.hashState());
    }
    return u;
  }

  /**
   * An upload token reaches the one upload it names, and the partial uploads made through it
   * ({@link ResumableUpload#madeFor()}), and nothing else (403, as for any token failure); any
   * other credential reaches every upload of its tenant.
   */
  private static void requireGranted(TenantTx tx, RequestContext ctx, ResumableUpload u) {
    if (ctx.grant().isEmpty()) {
      return;
    }
    ObjectId reserved = granted(ctx).orElseThrow(UploadAccess::denied);
    if (u.objectId().equals(reserved) || madeFor(tx, reserved).test(u)) {
      return;
    }
    throw denied();
  }

  private ResumableUpload insert(RequestContext ctx, Creation c, String concat, ObjectId reservedFor) {
    if (c.length() != null && c.length() < 0) {
      throw new InvalidInputException("invalid_length", "Upload-Length must not be negative");
    }
    if (c.length() != null && c.length() > maxSize) {
      throw new PayloadTooLargeException("too_large", "the upload is larger than Tus-Max-Size");
    }
    Instant now = pipe.now();
    Instant expires = now.plus(expiry);
    ObjectId objectId = pipe.ids().objectId();
    boolean assembling = bytes.assembles() && (c.length() == null || c.length() > 0);
    BlobName partial = bytes.appends() || assembling ? pipe.ids().blobName() : null;
    String id = "tus_" + pipe.ids().base36(32);
    StorageSpace space = assembling ? pipe.metadata().readInTenant(ctx.tenant(), tx -> pipe.layout().spaceOf(tx.tenant().get())) : null;
    String assembly = assembling ? bytes.begin(space, partial) : null;
    try {
      return insert(ctx, c, concat, reservedFor, now, expires, objectId, partial, assembly, id);
    } catch (RuntimeException e) {
      if (assembly != null) {
        bytes.abortQuietly(space, partial, assembly);
      }
      throw e;
    }
  }

  private ResumableUpload insert(
      RequestContext ctx, Creation c, String concat, ObjectId reservedFor, Instant now, Instant expires, ObjectId objectId,
      BlobName partial, String assembly, String id) {
    Map<String, String> attributes = pipe.policy().metadata(c.metadata());
    return pipe.metadata().inTenant(
        ctx.tenant(),
        tx -> {
          Tenant tenant;
          BucketName bucket;
          String contentType;
          ObjectKey key;
          ObjectInfo existing;
          String kind = concat;
          if (ResumableUpload.PARTIAL.equals(concat)) {
            // no object of its own: the final upload names bucket, key and type, and is checked then
            tenant = tx.tenant().get();
            contentType = PARTIAL_TYPE;
            existing = null;
            if (reservedFor == null) {
              bucket = WritePolicy.bucket(tx, null);
              key = new ObjectKey("partial/" + id);
            } else {
              ResumableUpload r = untouchedReservation(tx, reservedFor, now);
              bucket = r.bucket();
              key = r.key();
              kind = ResumableUpload.partialFor(r.id());
              if (r.length() != null) {
                if (c.length() == null) {
                  throw new InvalidInputException("invalid_header", "a partial upload of an announced size needs Upload-Length");
                }
                long held = tx.tenant().reserved(r.id());
                if (c.length() > held) {
                  throw new PayloadTooLargeException("too_large", "the partial uploads go past the upload's announced size");
                }
                pipe.policy().reserve(tx, tenant, r.id(), held - c.length(), now); // held below as the partial's
              }
            }
          } else {
            // the filetype a client claims is the object's content type: the allow-list applies
            WritePolicy.Target target = pipe.policy().target(tx, c.bucket(), c.contentType());
            tenant = target.tenant();
            bucket = target.bucket();
            contentType = target.contentType();
            key = c.keyFor(objectId);
            existing = pipe.policy().replaced(tx, bucket, key, null);
          }
          if (c.length() != null) {
            WritePolicy.requireWithin(c.length(), pipe.policy().cap(tx, tenant, existing));
            // the announced length is held from creation, so parallel uploads cannot overbook
            pipe.policy().reserve(tx, tenant, id, c.length(), now);
          }
          if (partial != null) {
            // a safety net: the upload's own expiry removes the partial blob, this catches a lost row
            tx.cleanup().schedule(pipe.layout().spaceOf(tenant), partial, expires.plus(SAFETY_GRACE));
          }
          ResumableUpload u =
              new ResumableUpload(
                  id, objectId, bucket, key, c.length(), 0, contentType, attributes, c.headers(),
                  partial, assembly, null, expires, now, null, RunningHashes.start().encoded(), kind, c.uploadMetadata());
          tx.resumable().insert(u);
          pipe.journal().in(tx, ctx, now).audit("upload.initiated", bucket.value() + "/" + key.value());
          return u;
        });
  }

  // ---------------------------------------------------------------- reading and terminating

  /** The upload, or 404 (also when it expired or belongs to another tenant). */
  public ResumableUpload find(RequestContext ctx, String id) {
    ctx.require(Scope.WRITE);
    Instant now = pipe.now();
    return pipe.metadata().inTenant(
        ctx.tenant(),
        tx -> {
          ResumableUpload u = live(tx, id, now);
          requireGranted(tx, ctx, u);
          return u;
        });
  }

  /**
   * The upload as HEAD reports it. One whose every byte was committed but that was not published
   * (its node stopped in between) is published now, so that a client that finds the full offset
   * also finds the object; if that fails again, the error is the answer and the upload stays
   * full for the next try.
   */
  public ResumableUpload status(RequestContext ctx, String id) {
    ResumableUpload u = find(ctx, id);
    if (!u.full() || u.completed()) {
      return u;
    }
    ReentrantLock lock = receiving.computeIfAbsent(id, k -> new ReentrantLock());
    if (!lock.tryLock()) {
      return u; // this node is publishing it right now
    }
    try {
      ResumableUpload now = find(ctx, id);
      return now.full() && !now.completed() ? publish(ctx, now, NO_UNDO, 0, null) : now;
    } finally {
      lock.unlock();
    }
  }

  /** Removes the upload and its bytes; a completed upload's object stays. */
  public void terminate(RequestContext ctx, String id) {
    ctx.require(Scope.WRITE);
    if (ctx.grant().isPresent()) {
      find(ctx, id);
    }
    ReentrantLock lock = lockOf(id);
    try {
      Instant now = pipe.now();
      abortAssembly(ctx.tenant(), pipe.metadata().inTenant(ctx.tenant(), tx -> live(tx, id, now)));
      List<BlobReaper.Doomed> doomed =
          pipe.metadata().inTenant(
              ctx.tenant(),
              tx -> {
                ResumableUpload u = live(tx, id, now);
                pipe.journal().in(tx, ctx, now).audit("upload.terminated", u.bucket().value() + "/" + u.key().value());
                return forget(tx, u, now);
              });
      pipe.reaper().reap(doomed);
    } finally {
      release(id, lock);
    }
  }

  /** Deletes uploads past their expiry, with their bytes; returns how many. */
  public int sweepExpired(int limit) {
    Instant now = pipe.now();
    List<ResumableRepository.Global.Expired> expired = pipe.metadata().global(tx -> tx.resumable().expired(now, limit));
    int n = 0;
    for (ResumableRepository.Global.Expired e : expired) {
      try {
        var u = pipe.metadata().inTenant(e.tenant(), tx -> tx.resumable().find(e.id()));
        if (u.isPresent()) {
          abortAssembly(e.tenant(), u.get());
        }
      } catch (UnavailableException failed) {
        continue; // the row stays, so the next sweep tries again
      }
      List<BlobReaper.Doomed> doomed =
          pipe.metadata().inTenant(
              e.tenant(),
              tx -> tx.resumable().find(e.id()).map(u -> forget(tx, u, now)).orElse(List.of()));
      pipe.reaper().reap(doomed);
      receiving.remove(e.id());
      n++;
    }
    return n;
  }

  /** Removes every upload into {@code bucket} (a bucket being deleted), with its bytes and reservation. */
  @Override
  public void abortAll(RequestContext ctx, BucketName bucket) {
    while (true) {
      List<String> batch = pipe.metadata().inTenant(ctx.tenant(), tx -> tx.resumable().inBucket(bucket, 100));
      if (batch.isEmpty()) {
        return;
      }
      for (String id : batch) {
        pipe.metadata().inTenant(ctx.tenant(), tx -> tx.resumable().find(id)).ifPresent(u -> abortAssembly(ctx.tenant(), u));
        Instant now = pipe.now();
        pipe.reaper().reap(pipe.metadata().inTenant(ctx.tenant(), tx -> tx.resumable().find(id).map(u -> forget(tx, u, now)).orElse(List.of())));
        receiving.remove(id);
      }
    }
  }

  @Override
  public boolean any(TenantTx tx, BucketName bucket) {
    return !tx.resumable().inBucket(bucket, 1).isEmpty();
  }

  /**
   * Discards an unfinished upload's assembly and its parts, before its row goes: the row is the
   * only record of the assembly. 503 if the store cannot.
   */
  private void abortAssembly(TenantId tenant, ResumableUpload u) {
    if (u.assembly() != null && !u.completed() && bytes.assembles()) {
      StorageSpace space = pipe.metadata().readInTenant(tenant, tx -> pipe.layout().spaceOf(tx.tenant().get()));
      bytes.abort(space, u.partial(), u.assembly());
    }
  }

  /**
   * A partial upload made through a token, going without a final upload (terminated, expired):
   * the room it took out of its reserved upload's hold goes back there, so that the token's next
   * partial uploads may still add up to the size announced.
   */
  private static void giveBack(TenantTx tx, String reserved, ResumableUpload partial, Instant now) {
    tx.resumable().find(reserved)
        .filter(r -> r.concat() == null && !r.completed() && r.length() != null && partial.length() != null)
        .ifPresent(r -> tx.tenant().reserve(r.id(), tx.tenant().reserved(r.id()) + partial.length(), now));
  }

  /** Deletes the row, schedules the bytes for reaping (after the commit). */
  private List<BlobReaper.Doomed> forget(TenantTx tx, ResumableUpload u, Instant now) {
    StorageSpace space = pipe.layout().spaceOf(tx.tenant().get());
    List<BlobReaper.Doomed> doomed = new ArrayList<>();
    // once published, the appended blob is the object's: it goes only with the object (a sealed
    // partial upload's blob is nobody's until a final upload takes it)
    if (u.partial() != null && (!u.completed() || u.partialUpload())) {
      tx.cleanup().cancel(u.partial());
      doomed.add(pipe.reaper().schedule(tx, space, u.partial(), now));
    }
    for (ResumablePart p : tx.resumable().parts(u.id())) {
      doomed.add(pipe.reaper().schedule(tx, space, p.blob(), now));
    }
    tx.resumable().delete(u.id());
    tx.tenant().release(u.id());
    u.madeFor().ifPresent(reserved -> giveBack(tx, reserved, u, now));
    return doomed;
  }

  // ---------------------------------------------------------------- receiving

  /**
   * Receives one chunk at {@code offset}. {@code declaredLength} sets a deferred length; {@code
   * contentLength} (may be null) is checked against what the upload has left before any byte is
   * read. Returns the upload after the chunk (completed when it was the last one).
   */
  public ResumableUpload patch(
      RequestContext ctx, String id, long offset, Long declaredLength, Long contentLength, Checksum checksum, InputStream body) {
    ctx.require(Scope.WRITE);
    if (ctx.grant().isPresent()) {
      find(ctx, id);
    }
    ReentrantLock lock = receiving.computeIfAbsent(id, k -> new ReentrantLock());
    if (!lock.tryLock()) {
      throw new ConflictException("upload_busy", "another chunk of this upload is being received");
    }
    try {
      return receive(ctx, id, offset, declaredLength, contentLength, checksum, body);
    } catch (NotFoundException e) {
      receiving.remove(id, lock); // no entry stays behind for ids that name no upload here
      throw e;
    } finally {
      lock.unlock();
    }
  }

  private ResumableUpload receive(
      RequestContext ctx, String id, long offset, Long declaredLength, Long contentLength, Checksum checksum, InputStream body) {
    Instant now = pipe.now();
    Plan plan = pipe.metadata().inTenant(ctx.tenant(), tx -> plan(tx, id, offset, declaredLength, now));
    ResumableUpload u = plan.upload();
    if (u.finalUpload()) {
      throw new ForbiddenException("upload_final", "a final upload takes no bytes: they are its partial uploads'");
    }
    if (u.completed()) {
      if (contentLength != null && contentLength > 0) {
        throw new ConflictException("upload_completed", "the upload is complete");
      }
      return u;
    }
    if (contentLength != null && contentLength > plan.cap()) {
      throw new PayloadTooLargeException("too_large", "the chunk goes past the upload's length or the tenant's limits");
    }
    if (plan.committedAll()) {
      // every byte was committed before, but a node stopped before publishing: publish now
      return publish(ctx, u, NO_UNDO, 0, null);
    }
    StorageSpace space = pipe.layout().spaceOf(plan.tenant());
    // the upload's hashes go on from where the last committed chunk left them, on whichever node
    RunningHashes hashes = u.hashState() == null ? null : RunningHashes.restore(u.hashState());
    ChunkStream in = new ChunkStream(body, plan.cap(), checksum == null ? null : checksum.algorithm(), hashes);
    ChunkBytes.Stored stored;
    if (u.growsInPlace()) {
      stored = bytes.append(space, u, offset, in, checksum);
    } else if (u.assembly() != null) {
      stored = bytes.assemble(ctx, space, u, plan.tail(), plan.assembled(), in, plan.cap(), contentLength, checksum);
    } else {
      stored = bytes.stage(ctx, space, in, plan.cap(), contentLength, checksum);
    }
    long next = offset + stored.written();
    boolean full = u.length() != null && next == u.length();
    String checksumText = checksum == null ? null : checksum.header();
    String hashState = hashes == null ? null : hashes.encoded();
    List<BlobReaper.Doomed> replaced = new ArrayList<>();
    boolean won;
    try {
      won =
          pipe.metadata().inTenant(
              ctx.tenant(),
              tx -> {
                if (!tx.resumable().advance(id, offset, next, u.length(), checksumText, hashState)) {
                  return false;
                }
                if (u.length() == null) {
                  // a deferred length: the bytes are held as they arrive (a known one is held whole)
                  pipe.policy().reserve(tx, plan.tenant(), id, next, now);
                }
                for (MultipartBlobs.Part p : stored.assembled()) {
                  tx.resumable().addAssembled(id, p);
                }
                if (stored.consumedTail() && !full) {
                  // the tail's bytes are in the new parts and tail now; a last chunk keeps the old
                  // tail until publication, so that an undone publication can restore it
                  for (ResumablePart old : tx.resumable().dropParts(id, plan.assembledEnd())) {
                    replaced.add(pipe.reaper().schedule(tx, space, old.blob(), now));
                  }
                }
                StagedBlob blob = stored.blob();
                if (blob != null) {
                  tx.resumable().addPart(id, new ResumablePart(next - blob.size(), blob.size(), blob.name()));
                  tx.cleanup().cancel(blob.name()); // referenced by the part row now
                }
                return true;
              });
    } catch (RuntimeException e) {
      stored.discard(pipe.writer(), space);
      throw e;
    }
    if (!won) {
      stored.discard(pipe.writer(), space);
      throw new ConflictException("offset_mismatch", "another chunk was committed at this offset first");
    }
    pipe.reaper().reap(replaced);
    ResumableUpload after = u.advancedTo(next, checksumText, hashState);
    return after.full() ? publish(ctx, after, offset, plan.assembled().size() + 1, u.hashState()) : after;
  }

  /**
   * What a chunk needs to know before its bytes are read, from one transaction. {@code
   * committedAll}: every byte of the upload was committed before this chunk (not only now that
   * it declares the length).
   */
  private record Plan(
      Tenant tenant, ResumableUpload upload, long cap, List<ResumablePart> tail, List<MultipartBlobs.Part> assembled,
      boolean committedAll) {
    long assembledEnd() {
      return ChunkBytes.sizeOf(assembled);
    }
  }

  private Plan plan(TenantTx tx, String id, long offset, Long declaredLength, Instant now) {
    Tenant tenant = tx.tenant().get();
    ResumableUpload u = live(tx, id, now);
    if (offset != u.offset()) {
      throw new ConflictException("offset_mismatch", "Upload-Offset is " + offset + " but the upload is at " + u.offset());
    }
    long quota = ownCap(tx, tenant, u);
    Long length = u.length();
    if (declaredLength != null) {
      if (length != null && !length.equals(declaredLength)) {
        throw new InvalidInputException("length_mismatch", "Upload-Length cannot change");
      }
      if (declaredLength < u.offset()) {
        throw new InvalidInputException("invalid_length", "Upload-Length is below Upload-Offset");
      }
      length = declaredLength;
    }
    if (length != null) {
      WritePolicy.requireWithin(length, Math.min(quota, maxSize));
    }
    long cap = (length != null ? length : Math.min(quota, maxSize)) - u.offset();
    boolean assembling = u.assembly() != null && !u.completed();
    return new Plan(
        tenant,
        u.withLength(length),
        Math.max(cap, 0),
        assembling ? tx.resumable().parts(id) : List.of(),
        assembling ? tx.resumable().assembled(id) : List.of(),
        u.full());
  }

  private void declareLength(RequestContext ctx, ResumableUpload u, long length) {
    pipe.metadata().inTenant(
        ctx.tenant(),
        tx -> {
          Tenant tenant = tx.tenant().get();
          WritePolicy.requireWithin(length, Math.min(ownCap(tx, tenant, u), maxSize));
          if (length < u.offset() || !tx.resumable().declareLength(u.id(), length)) {
            throw new ConflictException("length_mismatch", "the upload's length is already set");
          }
          pipe.policy().reserve(tx, tenant, u.id(), length, pipe.now());
          return null;
        });
  }

  /** What the upload may hold in all: the quota left, counting what it holds already as its own. */
  private long ownCap(TenantTx tx, Tenant tenant, ResumableUpload u) {
    ObjectInfo existing = tx.objects().find(u.bucket(), u.key()).filter(ObjectInfo::ready).orElse(null);
    long cap = pipe.policy().cap(tx, tenant, existing);
    long own = tx.tenant().reserved(u.id());
    return cap > Long.MAX_VALUE - own ? Long.MAX_VALUE : cap + own;
  }

  // ---------------------------------------------------------------- publication

  /**
   * Makes the committed bytes the object: adopts the appended blob, completes and adopts the
   * assembled one, or has the store join the chunk blobs (or, where it cannot, streams them into a
   * new blob), and publishes it. If that fails before
   * the assembly is spent, the last chunk (from {@code lastChunkAt}, with the assembly's parts
   * from {@code firstNewPart}) is dropped and the offset moved back, the hashes back to {@code
   * hashesBefore}, so the client can resend it. The object's SHA-256 and MD5 are the upload's
   * running hashes: the blob is not read again (only an upload begun before Silo kept them is).
   */
  private ResumableUpload publish(
      RequestContext ctx, ResumableUpload u, long lastChunkAt, int firstNewPart, String hashesBefore) {
    record Source(Tenant tenant, List<ResumablePart> parts, List<MultipartBlobs.Part> assembled) {}
    Source source =
        pipe.metadata().inTenant(
            ctx.tenant(),
            tx -> new Source(tx.tenant().get(), tx.resumable().parts(u.id()),
                u.assembly() == null ? List.of() : tx.resumable().assembled(u.id())));
    StorageSpace space = pipe.layout().spaceOf(source.tenant());
    if (u.partialUpload()) {
      return seal(ctx, u, space, source.assembled(), lastChunkAt, firstNewPart, hashesBefore);
    }
    boolean assembled = !source.assembled().isEmpty();
    try {
      if (assembled) {
        bytes.complete(space, u, source.assembled());
      } else if (u.growsInPlace()) {
        // the appended blob becomes the object's blob, never copied
        pipe.publisher().publish(ctx, publication(u, bytes.appended(space, u)));
      } else {
        StagedBlob joined = bytes.joined(ctx, space, u, source.parts()).orElse(null);
        if (joined == null) {
          try (InputStream all = bytes.open(space, source.parts())) {
            joined = pipe.writer().stream(ctx, space, all, u.length(), u.length(), WritePolicy.TOO_LARGE);
          }
        }
        Optional<ConcatenatedParts> made = ConcatenatedParts.decode(u.hashState());
        try {
          pipe.publisher().publish(ctx, made.isEmpty() ? publication(u, joined) : publication(u, made.get().identify(joined), made.get().facts()));
        } catch (RuntimeException e) {
          pipe.writer().discard(joined, space);
          throw e;
        }
      }
    } catch (IOException | RuntimeException e) {
      if (lastChunkAt != NO_UNDO) {
        undo(ctx, u, lastChunkAt, firstNewPart, hashesBefore, space);
      }
      throw mapped(e);
    }
    if (assembled) {
      try {
        pipe.publisher().publish(ctx, publication(u, bytes.hashed(space, u)));
      } catch (IOException | RuntimeException e) {
        abandon(ctx, u);
        throw mapped(e);
      }
    } else if (u.assembly() != null) {
      bytes.abortQuietly(space, u.partial(), u.assembly()); // an empty upload needed no parts
    }
    return completed(ctx, u, space, tx -> source.parts());
  }

  /**
   * Marks the upload complete and, after the commit, reaps the blobs {@code spent} names in that
   * transaction (chunks whose bytes are in the object's blob now); the upload as completed.
   */
  private ResumableUpload completed(
      RequestContext ctx, ResumableUpload u, StorageSpace space, Function<TenantTx, List<ResumablePart>> spent) {
    Instant now = pipe.now();
    List<BlobReaper.Doomed> doomed =
        pipe.metadata().inTenant(
            ctx.tenant(),
            tx -> {
              tx.resumable().complete(u.id(), now);
              List<BlobReaper.Doomed> out = new ArrayList<>();
              for (ResumablePart p : spent.apply(tx)) {
                out.add(pipe.reaper().schedule(tx, space, p.blob(), now));
              }
              return out;
            });
    pipe.reaper().reap(doomed);
    return u.completedAt(now);
  }

  /**
   * Seals a partial upload's committed bytes, as {@link #publish} would before publishing them:
   * the appended blob cut to length, or the assembly completed (the tail it consumed reaped);
   * chunks of their own stay as they are. Nothing is published: a final upload takes the bytes.
   */
  private ResumableUpload seal(
      RequestContext ctx, ResumableUpload u, StorageSpace space, List<MultipartBlobs.Part> assembled, long lastChunkAt,
      int firstNewPart, String hashesBefore) {
    try {
      if (!assembled.isEmpty()) {
        bytes.complete(space, u, assembled);
      } else if (u.growsInPlace()) {
        bytes.appended(space, u);
      }
    } catch (IOException | RuntimeException e) {
      if (lastChunkAt != NO_UNDO) {
        undo(ctx, u, lastChunkAt, firstNewPart, hashesBefore, space);
      }
      throw mapped(e);
    }
    if (assembled.isEmpty() && u.assembly() != null) {
      bytes.abortQuietly(space, u.partial(), u.assembly()); // an empty upload needed no parts
    }
    // an assembly took the tail's bytes; chunks of their own are the sealed bytes
    return completed(ctx, u, space, tx -> assembled.isEmpty() ? List.of() : tx.resumable().dropParts(u.id(), 0));
  }

  /** The upload's publication: its reservation becomes usage, upload.completed is emitted. */
  private static Publication publication(ResumableUpload u, StagedBlob blob) {
    return publication(u, blob, null);
  }

  /** The same, for an object made of parts with these {@code facts} (a final upload's). */
  private static Publication publication(ResumableUpload u, StagedBlob blob, SystemFacts facts) {
    return new Publication(u.bucket(), u.key(), u.contentType(), null, null, u.metadata(), u.headers(), facts, null, blob,
        u.objectId(), u.id(), null, true);
  }

  private static SiloException mapped(Exception e) {
    return e instanceof SiloException s ? s : new UnavailableException("the storage backend failed", e);
  }

  private void undo(
      RequestContext ctx, ResumableUpload u, long lastChunkAt, int firstNewPart, String hashesBefore, StorageSpace space) {
    List<BlobReaper.Doomed> dropped =
        pipe.metadata().inTenant(
            ctx.tenant(),
            tx -> {
              List<BlobReaper.Doomed> out = new ArrayList<>();
              if (!tx.resumable().advance(u.id(), u.offset(), lastChunkAt, null, null, hashesBefore)) {
                return out;
              }
              Instant now = pipe.now();
              for (ResumablePart p : tx.resumable().dropParts(u.id(), lastChunkAt)) {
                out.add(pipe.reaper().schedule(tx, space, p.blob(), now));
              }
              if (u.assembly() != null) {
                tx.resumable().dropAssembled(u.id(), firstNewPart);
              }
              return out;
            });
    pipe.reaper().reap(dropped);
  }

  /**
   * Removes an upload whose assembled blob could not be adopted (the tenant went over quota
   * meanwhile, or the metadata store failed): its parts are spent in that blob, so the last chunk
   * cannot be taken back; the client must start over.
   */
  private void abandon(RequestContext ctx, ResumableUpload u) {
    Instant now = pipe.now();
    pipe.reaper().reap(pipe.metadata().inTenant(ctx.tenant(), tx -> forget(tx, u, now)));
  }

  // ---------------------------------------------------------------- helpers

  private ReentrantLock lockOf(String id) {
    ReentrantLock lock = receiving.computeIfAbsent(id, k -> new ReentrantLock());
    if (!lock.tryLock()) {
      throw new ConflictException("upload_busy", "a chunk of this upload is being received");
    }
    return lock;
  }

  private void release(String id, ReentrantLock lock) {
    lock.unlock();
    receiving.remove(id, lock);
  }

}
