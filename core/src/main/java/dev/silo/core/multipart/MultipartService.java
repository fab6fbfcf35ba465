package dev.silo.core.multipart;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.bucket.UnfinishedUploads;
import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.Checksum;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.ObjectLock;
import dev.silo.core.domain.ObjectTags;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.StandardHeaders;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.SystemFacts;
import dev.silo.core.domain.Tenant;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.object.BlobReaper;
import dev.silo.core.object.Conditions;
import dev.silo.core.object.ChecksummingBody;
import dev.silo.core.object.ObjectService;
import dev.silo.core.object.ObjectWriter;
import dev.silo.core.object.PutResult;
import dev.silo.core.object.StagedBlob;
import dev.silo.core.spi.MultipartBlobs;
import dev.silo.core.spi.TenantTx;
import dev.silo.core.write.Publication;
import dev.silo.core.write.Publisher;
import dev.silo.core.write.WritePipeline;
import dev.silo.core.write.WritePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Multipart uploads. Parts may arrive in any order, on any node, and be retried; each part's bytes
 * are reserved against the tenant's quota in the transaction that records it ({@link
 * WritePolicy#reserve}). Where the store assembles parts ({@link MultipartBlobs}: S3), the upload
 * is native: it begins an assembly on the store with the upload, each part streams into the part
 * of that number, UploadPartCopy of a whole object is the backend's own copy, and completion asks
 * the store to complete the assembly from the chosen parts, so no byte passes through Silo again.
 * Elsewhere (the filesystem) each part streams into its own blob and completion joins the chosen
 * parts into one ({@link PartAssembly}). Either way the result is published ({@link Publisher}),
 * which turns the reservation into usage; the upload's rows go in that same transaction, its part
 * blobs after it.
 */
public final class MultipartService implements UnfinishedUploads {
  public static final int MAX_PARTS = 10_000;
  /** Every part but the last must be at least this large, as S3 requires. */
  public static final long MIN_PART_BYTES = 5L * 1024 * 1024;

  /** A part the client names in its completion request. */
  public record PartRef(int number, String etag, String checksum) {
    /** A part named without a checksum. */
    public PartRef(int number, String etag) {
      this(number, etag, null);
    }
  }

  /** The completed object and its multipart ETag. */
  public record Completed(PutResult result, String etag) {}


  private final WritePipeline pipe;
  private final PartAssembly assembly;
  /** The store's assemblies (native multipart); null where parts are blobs of their own. */
  private final MultipartBlobs assemblies;

  public MultipartService(WritePipeline pipe) {
    this.pipe = pipe;
    this.assembly = new PartAssembly(pipe.blobs(), pipe.writer());
    this.assemblies = pipe.blobs().multipart().orElse(null);
  }

  /**
   * Starts an upload of {@code key}; the completed object gets these metadata, headers and tags,
   * and, when {@code checksum} is given, a checksum of that kind derived from its parts', and
   * {@code lock} (null: none of its own).
   */
  public MultipartUpload initiate(
      RequestContext ctx,
      BucketName bucket,
      ObjectKey key,
      String contentType,
      Map<String, String> userMetadata,
      StandardHeaders headers,
      ObjectTags tags,
      Checksum.Kind checksum,
      ObjectLock lock) {
    ctx.require(Scope.WRITE);
    Map<String, String> attributes = pipe.policy().metadata(userMetadata);
    Instant now = pipe.now();
    String id = "mpu_" + pipe.ids().base36(32);
    if (assemblies == null) {
      return pipe.metadata().inTenant(ctx.tenant(), tx -> {
        String type = pipe.policy().target(tx, bucket, contentType).contentType();
        MultipartUpload upload = new MultipartUpload(id, bucket, key, type, attributes, headers, now, null, null, tags, checksum, lock);
        tx.multipart().insert(upload);
        return upload;
      });
    }
    // the assembly is begun only for an upload the policy takes, and aborted if its row is not made
    StorageSpace space = pipe.metadata().inTenant(ctx.tenant(), tx -> {
      pipe.policy().target(tx, bucket, contentType);
      return pipe.layout().spaceOf(tx.tenant().get());
    });
    BlobName blob = pipe.ids().blobName();
    String assembly;
    try {
      assembly = assemblies.begin(space, blob);
    } catch (IOException | RuntimeException e) {
      throw new UnavailableException("the storage backend failed", e);
    }
    try {
      return pipe.metadata().inTenant(ctx.tenant(), tx -> {
        String type = pipe.policy().target(tx, bucket, contentType).contentType();
        MultipartUpload upload = new MultipartUpload(id, bucket, key, type, attributes, headers, now, blob, assembly, tags, checksum, lock);
        tx.multipart().insert(upload);
        return upload;
      });
    } catch (RuntimeException e) {
      abortQuietly(space, blob, assembly);
      throw e;
    }
  }

  /**
   * Stores one part; returns it, with its MD5 (hex, S3's part ETag) and its checksum. On a native
   * upload the body streams into the assembly's part of that number (a body of unknown length is
   * first staged as a blob, then copied into the part by the store); elsewhere into a blob of its
   * own. In an upload that asked for a checksum, a part without one gets one computed as it
   * streams ({@link ChecksummingBody}).
   */
  public UploadedPart uploadPart(
      RequestContext ctx, BucketName bucket, ObjectKey key, String uploadId, int number, InputStream body, Long length) {
    PartPlan plan = planPart(ctx, bucket, key, uploadId, number);
    if (length != null) {
      WritePolicy.requireWithin(length, plan.cap());
    }
    MultipartUpload u = plan.upload();
    InputStream in = ChecksummingBody.of(body, u.checksum());
    if (u.assembled() && length != null) {
      ObjectWriter.StreamedPart sp =
          pipe.writer().streamPart(plan.space(), assemblies, u.blob(), u.assembly(), number, in, plan.cap(), length, WritePolicy.TOO_LARGE);
      return recordPart(ctx, bucket, key, uploadId, plan, assembledPart(u, sp.part(), sp.md5(), sp.sha256()).withChecksum(sp.checksum()), null);
    }
    StagedBlob staged = pipe.writer().stream(ctx, plan.space(), in, plan.cap(), length, WritePolicy.TOO_LARGE);
    if (!u.assembled()) {
      return recordPart(ctx, bucket, key, uploadId, plan,
          new UploadedPart(number, staged.size(), staged.md5(), staged.sha256(), staged.name(), pipe.now()).withChecksum(staged.checksum()),
          staged);
    }
    try {
      MultipartBlobs.Part part = copy(plan.space(), u, number, staged.name(), null);
      return recordPart(ctx, bucket, key, uploadId, plan,
          assembledPart(u, part, staged.md5(), staged.sha256()).withChecksum(staged.checksum()), null);
    } finally {
      pipe.writer().discard(staged, plan.space());
    }
  }

  /**
   * UploadPartCopy of {@code length} bytes of {@code source} from {@code offset}, where {@code
   * source} is the current object of {@code sourceBucket} the caller has just read and {@code body}
   * those bytes as read. The part is a slice of the source's blob: one more reference to it, no
   * byte written. Its MD5 and SHA-256 are the source's when the slice is all of a source that has
   * its own (not completed from parts), else {@code body} is read and hashed. A completion whose
   * parts are the slices of one blob, in order and all of it (what aws-cli and boto3 send to copy
   * an object over 8 MiB), publishes that blob as it is; any other gives each slice bytes of its
   * own first ({@link #complete}). A small (inline) source, an empty range, or a source that
   * changed since it was read is stored as {@link #uploadPart} stores a body. In an upload that
   * asked for a checksum, the slice's is the source's when the slice is all of a source with one of
   * that algorithm, else computed as {@code body} is read. Returns the part.
   */
  public UploadedPart copyPart(
      RequestContext ctx, BucketName bucket, ObjectKey key, String uploadId, int number, BucketName sourceBucket,
      ObjectInfo source, long offset, InputStream body, long length) {
    if (source.blob() == null || source.blob().inline() || length == 0) {
      return uploadPart(ctx, bucket, key, uploadId, number, body, length);
    }
    PartPlan plan = planPart(ctx, bucket, key, uploadId, number);
    WritePolicy.requireWithin(length, plan.cap());
    boolean whole = offset == 0 && length == source.size();
    boolean ownHashes = !source.facts().multipart() && source.sha256() != null && !source.etag().contains("-");
    Checksum.Kind kind = plan.upload().checksum();
    Checksum sourceChecksum = source.facts().checksum();
    boolean ownChecksum = kind == null
        || (sourceChecksum != null && sourceChecksum.type() == Checksum.Type.FULL_OBJECT && sourceChecksum.algorithm() == kind.algorithm());
    ObjectWriter.Digests digests =
        whole && ownHashes && ownChecksum
            ? new ObjectWriter.Digests(source.sha256(), source.etag(), kind == null ? null : sourceChecksum)
            : pipe.writer().digest(ChecksummingBody.of(body, kind), length);
    UploadedPart slice = UploadedPart.slice(number, offset, length, digests.md5(), digests.sha256(), source.blob(), pipe.now())
        .withChecksum(digests.checksum());
    try {
      return recordPart(ctx, bucket, key, uploadId, plan, slice, null, tx -> {
        if (ObjectService.stillCurrent(tx, sourceBucket, source).isEmpty()) {
          throw new SourceChanged();
        }
        tx.versions().shareBlob(source.blob());
      });
    } catch (SourceChanged e) {
      // overwritten or deleted since it was read: its blob may be going, so the part gets bytes of its own
      return pipe.readAgain(plan.space(), source.blob(), slice.range(),
          again -> uploadPart(ctx, bucket, key, uploadId, number, again, length));
    }
  }

  /** The copy source is no longer the object read: thrown inside the transaction to roll it back. */
  private static final class SourceChanged extends RuntimeException {
    SourceChanged() {
      super(null, null, false, false);
    }
  }

  /** The upload, its tenant's space, and the most a part may hold: what the quota leaves plus what this upload holds. */
  private record PartPlan(Tenant tenant, MultipartUpload upload, StorageSpace space, long cap) {}

  private PartPlan planPart(RequestContext ctx, BucketName bucket, ObjectKey key, String uploadId, int number) {
    ctx.require(Scope.WRITE);
    if (number < 1 || number > MAX_PARTS) {
      throw new InvalidInputException("invalid_part_number", "part numbers are 1 to 10000");
    }
    return pipe.metadata().inTenant(
        ctx.tenant(),
        tx -> {
          Tenant tenant = tx.tenant().get();
          MultipartUpload upload = find(tx, bucket, key, uploadId);
          // what the quota leaves, this upload's own parts counted as already held
          long cap = pipe.policy().cap(tx, tenant, null);
          long own = tx.tenant().reserved(uploadId);
          return new PartPlan(tenant, upload, pipe.layout().spaceOf(tenant), cap > Long.MAX_VALUE - own ? Long.MAX_VALUE : cap + own);
        });
  }

  private UploadedPart assembledPart(MultipartUpload u, MultipartBlobs.Part part, String md5, String sha256) {
    return new UploadedPart(part.number(), part.size(), md5, sha256, u.blob(), part.etag(), pipe.now());
  }

  /** The store's copy of a blob of the tenant's space into part {@code number} of the upload's assembly. */
  private MultipartBlobs.Part copy(StorageSpace space, MultipartUpload u, int number, BlobName source, ByteRange range) {
    try {
      return assemblies.copyPart(space, u.blob(), u.assembly(), number, source, range);
    } catch (IOException | RuntimeException e) {
      throw new UnavailableException("the storage backend failed", e);
    }
  }

  /**
   * Records a stored part and reserves the upload's new total in one transaction; 413 rolls it
   * back and discards {@code staged}, the part's own blob (null for a part in the assembly: a
   * refused part there is never named by a completion, which names the recorded parts' tags).
   */
  private UploadedPart recordPart(
      RequestContext ctx, BucketName bucket, ObjectKey key, String uploadId, PartPlan plan, UploadedPart part,
      StagedBlob staged) {
    return recordPart(ctx, bucket, key, uploadId, plan, part, staged, tx -> {});
  }

  /** Like the above, with {@code alongside} run first in the same transaction (a slice's reference taken). */
  private UploadedPart recordPart(
      RequestContext ctx, BucketName bucket, ObjectKey key, String uploadId, PartPlan plan, UploadedPart part,
      StagedBlob staged, java.util.function.Consumer<TenantTx> alongside) {
    Instant now = part.createdAt();
    BlobReaper.Doomed replaced;
    try {
      replaced =
          pipe.metadata().inTenant(
              ctx.tenant(),
              tx -> {
                find(tx, bucket, key, uploadId);
                alongside.accept(tx);
                var old = tx.multipart().putPart(uploadId, part);
                // the part's bytes count against the quota from now on, the part it replaces no more
                long held = tx.tenant().reserved(uploadId) - old.map(UploadedPart::size).orElse(0L);
                pipe.policy().reserve(tx, plan.tenant(), uploadId, held + part.size(), now);
                if (staged != null) {
                  // the part row references the blob now; the intent would let the sweeper take it
                  tx.cleanup().cancel(staged.name());
                }
                return old.flatMap(p -> dropped(tx, pipe.reaper(), plan.space(), p, now)).orElse(null);
              });
    } catch (RuntimeException e) {
      if (staged != null) {
        pipe.writer().discard(staged, plan.space());
      }
      throw e;
    }
    if (replaced != null) {
      pipe.reaper().reap(List.of(replaced));
    }
    return part;
  }

  /**
   * Publishes the named parts, in order, as one object. The parts must exist with the ETags named,
   * ascend, and all but the last be at least 5 MiB. The object records its multipart ETag and part
   * sizes as typed facts (for reads by part number and a retried Complete). In an upload that asked
   * for a checksum, each part must be named with its checksum, as on S3, and the object gets the one
   * derived from them ({@link Checksum#ofParts}), which must equal {@code declared}, the whole
   * object's checksum its client sent, if any.
   */
  public Completed complete(
      RequestContext ctx, BucketName bucket, ObjectKey key, String uploadId, List<PartRef> refs, Conditions conditions,
      Checksum declared) {
    ctx.require(Scope.WRITE);
    if (refs.isEmpty()) {
      throw new InvalidInputException("malformed_xml", "the completion names no parts");
    }
    Completed before = completedBefore(ctx, bucket, key, uploadId, refs);
    if (before != null) {
      return before; // a client retrying a Complete whose answer it lost gets the same answer again
    }
    record Plan(Tenant tenant, MultipartUpload upload, List<UploadedPart> parts) {}
    Plan plan =
        pipe.metadata().inTenant(
            ctx.tenant(),
            tx -> {
              MultipartUpload upload = find(tx, bucket, key, uploadId);
              Map<Integer, UploadedPart> stored = new HashMap<>();
              for (UploadedPart p : allParts(tx, uploadId)) {
                stored.put(p.number(), p);
              }
              List<UploadedPart> chosen = new ArrayList<>();
              for (PartRef ref : lastOfEachNumber(refs)) {
                UploadedPart p = stored.get(ref.number());
                if (p == null || !p.md5().equals(unquote(ref.etag()))) {
                  throw new InvalidInputException("invalid_part", "part " + ref.number() + " was not uploaded or its ETag differs");
                }
                checkChecksum(upload, p, ref);
                chosen.add(p);
              }
              for (int i = 0; i < chosen.size() - 1; i++) {
                if (chosen.get(i).size() < MIN_PART_BYTES) {
                  throw new InvalidInputException("entity_too_small", "every part but the last must be at least 5 MiB");
                }
              }
              return new Plan(tx.tenant().get(), upload, chosen);
            });
    String etag = multipartEtag(plan.parts());
    long size = plan.parts().stream().mapToLong(UploadedPart::size).sum();
    SystemFacts facts = SystemFacts.multipart(etag, plan.parts().stream().map(UploadedPart::size).toList())
        .withChecksum(objectChecksum(plan.upload().checksum(), plan.parts(), declared));
    StorageSpace space = pipe.layout().spaceOf(plan.tenant());
    BlobName whole = wholeBlob(space, plan.parts(), size);
    if (whole == null && plan.parts().stream().anyMatch(UploadedPart::slice)) {
      for (UploadedPart p : plan.parts()) {
        if (p.slice()) {
          ownBytes(ctx, bucket, key, uploadId, p);
        }
      }
      return complete(ctx, bucket, key, uploadId, refs, conditions, declared); // the same parts, each with bytes of its own now
    }
    boolean nativeParts = whole == null && plan.upload().assembled() && plan.parts().stream().allMatch(UploadedPart::assembled);
    StagedBlob staged =
        whole != null
            ? new StagedBlob(whole, size, PartAssembly.compositeSha256(plan.parts()), etag, 0)
            : nativeParts ? completeAssembly(space, plan.upload(), plan.parts(), size, etag) : assembly.join(ctx, space, plan.parts(), size, etag);
    Publication publication =
        new Publication(bucket, key, plan.upload().contentType(), null, null, plan.upload().metadata(),
            plan.upload().headers(), facts, conditions, staged, null, uploadId, null, false, plan.upload().tags(),
            plan.upload().lock());
    PutResult result;
    try {
      // the upload's row and parts go in the transaction that makes the object current
      result =
          pipe.publisher().publish(ctx, publication, tx -> {
            find(tx, bucket, key, uploadId); // a concurrent Complete that won leaves NoSuchUpload
            if (whole != null) {
              tx.versions().shareBlob(whole); // the object's reference, before the slices give back theirs
            }
            return forget(tx, uploadId, space, pipe.now());
          });
    } catch (RuntimeException e) {
      if (whole == null && !nativeParts) {
        pipe.writer().discard(staged, space);
      } // a completed assembly's blob stays the upload's: a retried Complete publishes it, abort or expiry deletes it
      throw e;
    }
    if (whole != null && plan.upload().assembled()) {
      abortQuietly(space, plan.upload().blob(), plan.upload().assembly()); // its parts, if any, are not the object's
    }
    return new Completed(result, etag);
  }

  /**
   * A part named for completion with the checksum it has, where its upload asked for one: S3
   * refuses a completion that leaves a part's checksum out or names another.
   */
  private static void checkChecksum(MultipartUpload upload, UploadedPart p, PartRef ref) {
    Checksum.Kind kind = upload.checksum();
    if (kind == null || p.checksum() == null) {
      return; // nothing asked, or a part stored before parts kept theirs
    }
    if (ref.checksum() == null) {
      throw new InvalidInputException("invalid_checksum", "the upload was created for " + kind.algorithm()
          + " checksums: the completion must name each part's, and part " + ref.number() + " has none");
    }
    if (!ref.checksum().strip().equals(p.checksum().value())) {
      throw new InvalidInputException("invalid_part", "part " + ref.number() + "'s checksum differs from the one it was stored with");
    }
  }

  /**
   * The object's checksum from its parts', of the kind its upload asked for (null: none asked, or a
   * part stored without one), checked against the one its client declared for the whole object.
   */
  private static Checksum objectChecksum(Checksum.Kind kind, List<UploadedPart> parts, Checksum declared) {
    if (kind == null || parts.stream().anyMatch(p -> p.checksum() == null)) {
      return null;
    }
    Checksum derived = Checksum.ofParts(kind, parts.stream().map(UploadedPart::checksum).toList(),
        parts.stream().map(UploadedPart::size).toList());
    if (declared != null && declared.algorithm() == derived.algorithm() && declared.type() == Checksum.Type.FULL_OBJECT
        && derived.type() == Checksum.Type.FULL_OBJECT && !declared.value().equals(derived.value())) {
      throw new InvalidInputException("bad_digest", "the object's bytes do not match its " + kind.algorithm() + " checksum; nothing was stored");
    }
    return derived;
  }

  /**
   * The blob the parts are, when they are all slices of one blob, in order and all of it (the
   * source's plaintext size as the store reports it); null otherwise.
   */
  private BlobName wholeBlob(StorageSpace space, List<UploadedPart> parts, long size) {
    BlobName blob = parts.getFirst().blob();
    long at = 0;
    for (UploadedPart p : parts) {
      if (!p.slice() || !p.blob().equals(blob) || p.offset() != at) {
        return null;
      }
      at += p.size();
    }
    try {
      return pipe.blobs().size(space, blob).orElse(-1) == size ? blob : null;
    } catch (IOException e) {
      throw new UnavailableException("the storage backend failed", e);
    }
  }

  /**
   * Gives a slice bytes of its own, as {@link #uploadPart} would have stored them: in the upload's
   * assembly (inside the backend where it can), else a blob of its own. The slice's reference goes
   * when the part is recorded again, with the same MD5.
   */
  private void ownBytes(RequestContext ctx, BucketName bucket, ObjectKey key, String uploadId, UploadedPart slice) {
    PartPlan plan = planPart(ctx, bucket, key, uploadId, slice.number());
    MultipartUpload u = plan.upload();
    Instant now = pipe.now();
    if (u.assembled()) {
      MultipartBlobs.Part part = copy(plan.space(), u, slice.number(), slice.blob(), slice.range());
      recordPart(ctx, bucket, key, uploadId, plan, assembledPart(u, part, slice.md5(), slice.sha256()).withChecksum(slice.checksum()), null);
      return;
    }
    StagedBlob staged;
    try (InputStream in = pipe.blobs().read(plan.space(), slice.blob(), slice.range())) {
      staged = pipe.writer().stream(ctx, plan.space(), in, slice.size(), slice.size(), WritePolicy.TOO_LARGE);
    } catch (IOException e) {
      throw new UnavailableException("the storage backend failed", e);
    }
    if (!staged.md5().equals(slice.md5())) {
      pipe.writer().discard(staged, plan.space());
      throw new UnavailableException("a copied part's bytes read back differently", null);
    }
    recordPart(ctx, bucket, key, uploadId, plan,
        new UploadedPart(slice.number(), staged.size(), staged.md5(), staged.sha256(), staged.name(), now).withChecksum(slice.checksum()),
        staged);
  }

  /**
   * The store completes the upload's assembly from the chosen parts, in the store: nothing is read
   * or hashed again. The blob's MD5 field is the multipart ETag and its SHA-256 the composite of
   * the parts', as {@link PartAssembly} derives them. If an earlier Complete already completed the
   * assembly (and then failed to publish), its blob is taken as it is.
   */
  private StagedBlob completeAssembly(StorageSpace space, MultipartUpload u, List<UploadedPart> parts, long size, String etag) {
    try {
      if (pipe.blobs().size(space, u.blob()).orElse(-1) != size) {
        assemblies.complete(space, u.blob(), u.assembly(),
            parts.stream().map(p -> new MultipartBlobs.Part(p.number(), p.size(), p.storeEtag())).toList());
      }
    } catch (IOException | RuntimeException e) {
      throw new UnavailableException("the storage backend failed", e);
    }
    // no intent row: until it is published the upload's row leads abort and expiry to the blob
    return new StagedBlob(u.blob(), size, PartAssembly.compositeSha256(parts), etag, 0);
  }

  /**
   * The answer a Complete of an upload that is gone already had, while the object at the key is
   * still the one those parts produced (S3 answers a retried Complete with 200 and the same ETag):
   * the object's multipart ETag is the one the listed part ETags make. Null otherwise. Read under
   * the Complete's own scope: a write-only credential gets it too.
   */
  private Completed completedBefore(RequestContext ctx, BucketName bucket, ObjectKey key, String uploadId, List<PartRef> refs) {
    String etag;
    try {
      etag = PartDigests.of("MD5", lastOfEachNumber(refs).stream().map(r -> unquote(r.etag())).toList());
    } catch (IllegalArgumentException e) {
      return null; // not ETags Silo made: the completion itself refuses them
    }
    return pipe.metadata().inTenant(
        ctx.tenant(),
        tx -> {
          if (tx.multipart().find(uploadId).isPresent()) {
            return null;
          }
          return ObjectService.readyRow(tx, bucket, key)
              .filter(o -> o.facts().multipart() && o.facts().multipartEtag().equals(etag))
              .map(o -> new Completed(new PutResult(o, false), etag))
              .orElse(null);
        });
  }

  /**
   * The parts a completion names, in ascending order; a number listed more than once (a part
   * uploaded again after the client noted its first ETag) counts once, with its last entry, as
   * S3 does.
   */
  private static java.util.Collection<PartRef> lastOfEachNumber(List<PartRef> refs) {
    Map<Integer, PartRef> last = new java.util.LinkedHashMap<>();
    int previous = 0;
    for (PartRef ref : refs) {
      if (ref.number() < previous) {
        throw new InvalidInputException("invalid_part_order", "parts must be listed in ascending order");
      }
      previous = ref.number();
      last.put(ref.number(), ref);
    }
    return last.values();
  }

  public void abort(RequestContext ctx, BucketName bucket, ObjectKey key, String uploadId) {
    ctx.require(Scope.WRITE);
    record Found(MultipartUpload upload, StorageSpace space) {}
    Found found =
        pipe.metadata().inTenant(
            ctx.tenant(),
            tx -> new Found(find(tx, bucket, key, uploadId), pipe.layout().spaceOf(tx.tenant().get())));
    discard(ctx, found.upload(), found.space());
  }

  public MultipartUpload upload(RequestContext ctx, BucketName bucket, ObjectKey key, String uploadId) {
    ctx.require(Scope.READ);
    return pipe.metadata().inTenant(ctx.tenant(), tx -> find(tx, bucket, key, uploadId));
  }

  /** Parts numbered above {@code after}, at most {@code limit}. */
  public List<UploadedPart> parts(RequestContext ctx, BucketName bucket, ObjectKey key, String uploadId, int after, int limit) {
    ctx.require(Scope.READ);
    return pipe.metadata().inTenant(
        ctx.tenant(),
        tx -> {
          find(tx, bucket, key, uploadId);
          return tx.multipart().parts(uploadId, after, limit);
        });
  }

  public List<MultipartUpload> uploads(
      RequestContext ctx, BucketName bucket, String prefix, String keyAfter, String idAfter, int limit) {
    ctx.require(Scope.READ);
    return pipe.metadata().inTenant(
        ctx.tenant(),
        tx -> {
          WritePolicy.bucket(tx, bucket);
          return tx.multipart().list(bucket, prefix == null ? "" : prefix, keyAfter, idAfter, limit);
        });
  }

  /** S3's ETag of a multipart object: MD5 of the concatenated binary part MD5s, dash, count. */
  public static String multipartEtag(List<UploadedPart> parts) {
    return PartDigests.of("MD5", parts.stream().map(UploadedPart::md5).toList());
  }

  /**
   * Removes an upload that will not be completed: its assembly is aborted on the store first (if
   * that fails the upload stays, to be aborted again), then its rows, reservation and blobs go.
   */
  private void discard(RequestContext ctx, MultipartUpload u, StorageSpace space) {
    if (u.assembled()) {
      try {
        assemblies.abort(space, u.blob(), u.assembly());
      } catch (IOException | RuntimeException e) {
        throw new UnavailableException("the storage backend failed", e);
      }
    }
    Instant now = pipe.now();
    pipe.reaper().reap(pipe.metadata().inTenant(ctx.tenant(), tx -> {
      if (tx.multipart().find(u.uploadId()).isEmpty()) {
        return List.of(); // completed or aborted meanwhile: its blob, if any, is not ours to delete
      }
      List<BlobReaper.Doomed> out = forget(tx, u.uploadId(), space, now);
      if (u.assembled()) {
        out.add(pipe.reaper().schedule(tx, space, u.blob(), now)); // completed by a Complete that failed to publish
      }
      return out;
    }));
  }

  private void abortQuietly(StorageSpace space, BlobName blob, String assembly) {
    try {
      assemblies.abort(space, blob, assembly);
    } catch (IOException | RuntimeException e) {
      // the parts stay until the backend's own rule for unfinished uploads removes them
    }
  }

  /**
   * Deletes the upload's rows and releases its reservation in the caller's transaction; returns
   * the blobs of its parts that are blobs of their own, to be deleted after the commit.
   */
  private List<BlobReaper.Doomed> forget(TenantTx tx, String uploadId, StorageSpace space, Instant now) {
    List<BlobReaper.Doomed> out = new ArrayList<>();
    for (UploadedPart p : allParts(tx, uploadId)) {
      dropped(tx, pipe.reaper(), space, p, now).ifPresent(out::add);
    }
    tx.multipart().delete(uploadId);
    tx.tenant().release(uploadId);
    return out;
  }

  /**
   * What goes with a part that goes, in the caller's transaction: its own blob is scheduled for
   * deletion; a slice gives back its reference to the blob it is of, which goes too if that was the
   * last; a part in the assembly goes with the assembly (replaced or aborted by the store itself).
   */
  public static java.util.Optional<BlobReaper.Doomed> dropped(
      TenantTx tx, BlobReaper reaper, StorageSpace space, UploadedPart part, Instant now) {
    if (part.assembled() || part.slice() && tx.versions().releaseBlob(part.blob())) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(reaper.schedule(tx, space, part.blob(), now));
  }

  /**
   * Aborts every unfinished upload into {@code bucket} (a bucket being deleted): parts deleted,
   * reservations released, so nothing comes back when the name is used again.
   */
  @Override
  public boolean any(TenantTx tx, BucketName bucket) {
    return !tx.multipart().list(bucket, "", null, null, 1).isEmpty();
  }

  @Override
  public void abortAll(RequestContext ctx, BucketName bucket) {
    ctx.require(Scope.DELETE);
    while (true) {
      List<MultipartUpload> batch =
          pipe.metadata().inTenant(ctx.tenant(), tx -> tx.multipart().list(bucket, "", null, null, 100));
      if (batch.isEmpty()) {
        return;
      }
      StorageSpace space = pipe.metadata().readInTenant(ctx.tenant(), tx -> pipe.layout().spaceOf(tx.tenant().get()));
      for (MultipartUpload u : batch) {
        discard(ctx, u, space);
      }
    }
  }

  private static List<UploadedPart> allParts(TenantTx tx, String uploadId) {
    return tx.multipart().parts(uploadId, 0, MAX_PARTS);
  }

  private static MultipartUpload find(TenantTx tx, BucketName bucket, ObjectKey key, String uploadId) {
    WritePolicy.bucket(tx, bucket);
    return tx.multipart()
        .find(uploadId)
        .filter(u -> u.bucket().equals(bucket) && u.key().equals(key))
        .orElseThrow(() -> new NotFoundException("upload_not_found", "no such multipart upload"));
  }

  private static String unquote(String etag) {
    String t = etag == null ? "" : etag.trim();
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
  }

}
