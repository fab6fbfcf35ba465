package dev.silo.core.upload.resumable;

import static dev.silo.core.upload.resumable.UploadAccess.denied;
import static dev.silo.core.upload.resumable.UploadAccess.granted;
import static dev.silo.core.upload.resumable.UploadAccess.live;
import static dev.silo.core.upload.resumable.UploadAccess.madeFor;
import static dev.silo.core.upload.resumable.UploadAccess.untouchedReservation;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.Tenant;
import dev.silo.core.error.ConflictException;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.PayloadTooLargeException;
import dev.silo.core.object.BlobReaper;
import dev.silo.core.spi.TenantTx;
import dev.silo.core.write.WritePipeline;
import dev.silo.core.write.WritePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * TUS concatenation's final uploads. In one transaction a final upload takes its partial uploads:
 * their rows go (a conditional delete, so two final uploads cannot share one), their sealed bytes
 * become its chunks, their quota reservations one of the sum, and the sizes and digests their
 * running hashes recorded become its {@link ConcatenatedParts}, which name its object without a
 * byte being read. {@link ResumableUploadService} then publishes it like any full upload, the
 * store joining the chunks ({@link ChunkBytes#joined}).
 *
 * <p>Through an upload token the final upload is the token's reserved upload, untouched until
 * then: its key, bucket, type and metadata are the reservation's ({@code Creation} is not read),
 * the partial uploads must be the ones made through the token and add up to its announced size,
 * if any.
 */
final class FinalUploads {
  /** The most partial uploads one final upload joins (S3's most parts of a multipart upload). */
  static final int MAX_PARTIALS = 10_000;

  private final WritePipeline pipe;
  private final ChunkBytes bytes;
  private final long maxSize;
  private final Duration expiry;

  FinalUploads(WritePipeline pipe, ChunkBytes bytes, long maxSize, Duration expiry) {
    this.pipe = pipe;
    this.bytes = bytes;
    this.maxSize = maxSize;
    this.expiry = expiry;
  }

  /**
   * The final upload of the partial uploads {@code partialIds}, in that order, as {@code c}
   * describes its object, full and ready to publish: each must be a partial upload of the tenant
   * that has received all its bytes (404 if there is none, 400 otherwise).
   */
  ResumableUpload make(RequestContext ctx, Creation c, List<String> partialIds) {
    ObjectId reservedFor = ctx.grant().isPresent() ? granted(ctx).orElseThrow(UploadAccess::denied) : null;
    if (partialIds.isEmpty() || partialIds.size() > MAX_PARTIALS) {
      throw new InvalidInputException("invalid_concat", "Upload-Concat must name 1 to " + MAX_PARTIALS + " partial uploads");
    }
    if (new HashSet<>(partialIds).size() != partialIds.size()) {
      throw new InvalidInputException("invalid_concat", "Upload-Concat names an upload twice");
    }
    Instant now = pipe.now();
    ObjectId newObjectId = pipe.ids().objectId();
    String newId = "tus_" + pipe.ids().base36(32);
    Map<String, String> attributes = pipe.policy().metadata(c.metadata());
    String concat = ResumableUpload.finalOf(partialIds);
    record Made(ResumableUpload whole, StorageSpace space, ResumableUpload replaced, List<BlobReaper.Doomed> doomed) {}
    Made made =
        pipe.metadata().inTenant(
            ctx.tenant(),
            tx -> {
              ResumableUpload r = reservedFor == null ? null : untouchedReservation(tx, reservedFor, now);
              List<ResumableUpload> partials = finished(tx, partialIds, r == null ? null : madeFor(tx, reservedFor), now);
              long total = partials.stream().mapToLong(ResumableUpload::length).sum();
              if (total > maxSize) {
                throw new PayloadTooLargeException("too_large", "the upload is larger than Tus-Max-Size");
              }
              if (r != null && r.length() != null && total != r.length()) {
                throw new InvalidInputException(
                    "length_mismatch", "the partial uploads hold " + total + " bytes, not the announced " + r.length());
              }
              String parts = partsOf(partials);
              ResumableUpload whole;
              if (r == null) {
                WritePolicy.Target target = pipe.policy().target(tx, c.bucket(), c.contentType());
                whole = new ResumableUpload(newId, newObjectId, target.bucket(), c.keyFor(newObjectId), total, total,
                    target.contentType(), attributes, c.headers(), null, null, null, now.plus(expiry), now, null, parts, concat,
                    c.uploadMetadata());
              } else {
                whole = new ResumableUpload(r.id(), r.objectId(), r.bucket(), r.key(), total, total, r.contentType(), r.metadata(),
                    r.headers(), null, null, null, r.expiresAt(), r.createdAt(), null, parts, concat, c.uploadMetadata());
              }
              Tenant tenant = tx.tenant().get();
              StorageSpace space = pipe.layout().spaceOf(tenant);
              ObjectInfo existing = pipe.policy().replaced(tx, whole.bucket(), whole.key(), null);
              for (ResumableUpload p : partials) {
                tx.tenant().release(p.id()); // their bytes are held again below, as the whole's
              }
              List<BlobReaper.Doomed> doomed = new ArrayList<>();
              if (r != null) {
                tx.tenant().release(r.id());
                tx.resumable().delete(r.id()); // replaced by the final upload, under the same id
                if (r.partial() != null) {
                  tx.cleanup().cancel(r.partial());
                  doomed.add(pipe.reaper().schedule(tx, space, r.partial(), now)); // never written, or cut to nothing
                }
              }
              WritePolicy.requireWithin(total, pipe.policy().cap(tx, tenant, existing));
              pipe.policy().reserve(tx, tenant, whole.id(), total, now);
              tx.resumable().insert(whole);
              doomed.addAll(take(tx, whole, partials, space, now));
              pipe.journal().in(tx, ctx, now).audit("upload.initiated", whole.bucket().value() + "/" + whole.key().value());
              return new Made(whole, space, r, doomed);
            });
    pipe.reaper().reap(made.doomed());
    ResumableUpload r = made.replaced();
    if (r != null && r.assembly() != null && bytes.assembles()) {
      bytes.abortQuietly(made.space(), r.partial(), r.assembly()); // its bytes came as partial uploads
    }
    return made.whole();
  }

  /**
   * The partial uploads named, each live, partial, the token's if {@code ours} is not null (403
   * otherwise), and finished.
   */
  private static List<ResumableUpload> finished(TenantTx tx, List<String> ids, Predicate<ResumableUpload> ours, Instant now) {
    List<ResumableUpload> partials = new ArrayList<>();
    for (String id : ids) {
      ResumableUpload p = live(tx, id, now);
      if (!p.partialUpload()) {
        throw new InvalidInputException("invalid_concat", "Upload-Concat names an upload that is not partial");
      }
      if (ours != null && !ours.test(p)) {
        throw denied(); // another partial upload of the tenant: not the token's to take
      }
      if (!p.completed()) {
        throw new InvalidInputException("partial_unfinished", "a partial upload named in Upload-Concat is not finished");
      }
      partials.add(p);
    }
    return partials;
  }

  /**
   * Moves the partial uploads' bytes into {@code whole} as its chunks, in order, and deletes
   * their rows; 409 if another final upload deleted one first. Returns the empty blobs to reap.
   */
  private List<BlobReaper.Doomed> take(
      TenantTx tx, ResumableUpload whole, List<ResumableUpload> partials, StorageSpace space, Instant now) {
    List<BlobReaper.Doomed> empty = new ArrayList<>();
    long at = 0;
    for (ResumableUpload p : partials) {
      for (ResumablePart piece : sealedBytes(tx, p)) {
        if (piece.size() == 0) {
          empty.add(pipe.reaper().schedule(tx, space, piece.blob(), now));
          continue;
        }
        tx.resumable().addPart(whole.id(), new ResumablePart(at, piece.size(), piece.blob()));
        at += piece.size();
      }
      if (p.partial() != null) {
        tx.cleanup().cancel(p.partial()); // a chunk of the final upload's now
      }
      if (!tx.resumable().delete(p.id())) {
        throw new ConflictException("upload_busy", "another final upload took a partial upload first");
      }
    }
    return empty;
  }

  /**
   * The partial uploads' sizes and digests, as their running hashes left them, for the final
   * upload's row ({@link ConcatenatedParts}); null when one has none, or none holds a byte: the
   * object is then hashed as it is joined.
   */
  private static String partsOf(List<ResumableUpload> partials) {
    List<ConcatenatedParts.Part> parts = new ArrayList<>();
    for (ResumableUpload p : partials) {
      if (p.hashState() == null) {
        return null;
      }
      if (p.length() > 0) {
        RunningHashes hashes = RunningHashes.restore(p.hashState());
        parts.add(new ConcatenatedParts.Part(p.length(), hashes.sha256Hex(), hashes.md5Hex()));
      }
    }
    return parts.isEmpty() ? null : new ConcatenatedParts(parts).encoded();
  }

  /** A sealed partial upload's bytes: its one blob (appended or assembled), or its chunks. */
  private static List<ResumablePart> sealedBytes(TenantTx tx, ResumableUpload p) {
    if (p.growsInPlace() || !tx.resumable().assembled(p.id()).isEmpty()) {
      return List.of(new ResumablePart(0, p.length(), p.partial()));
    }
    return tx.resumable().parts(p.id());
  }
}
