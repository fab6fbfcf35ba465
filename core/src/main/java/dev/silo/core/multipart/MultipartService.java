package dev.silo.core.multipart;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.bucket.UnfinishedUploads;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.StandardHeaders;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.SystemFacts;
import dev.silo.core.domain.Tenant;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.object.BlobReaper;
import dev.silo.core.object.Conditions;
import dev.silo.core.object.PutResult;
import dev.silo.core.object.StagedBlob;
import dev.silo.core.spi.TenantTx;
import dev.silo.core.write.Publication;
import dev.silo.core.write.Publisher;
import dev.silo.core.write.WritePipeline;
import dev.silo.core.write.WritePolicy;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Multipart uploads. Each part streams into its own blob (so parts may arrive in any order, on any
 * node, and be retried), and its bytes are reserved against the tenant's quota in the transaction
 * that records it ({@link WritePolicy#reserve}). Completion joins the chosen parts into one blob
 * ({@link PartAssembly}) and publishes it ({@link Publisher}), which turns the reservation into
 * usage; the upload's rows go in that same transaction, its part blobs after it.
 */
public final class MultipartService implements UnfinishedUploads {
  public static final int MAX_PARTS = 10_000;
  /** Every part but the last must be at least this large, as S3 requires. */
  public static final long MIN_PART_BYTES = 5L * 1024 * 1024;

  /** A part the client names in its completion request. */
  public record PartRef(int number, String etag) {}

  /** The completed object and its multipart ETag. */
  public record Completed(PutResult result, String etag) {}


  private final WritePipeline pipe;
  private final PartAssembly assembly;

  public MultipartService(WritePipeline pipe) {
    this.pipe = pipe;
    this.assembly = new PartAssembly(pipe.blobs(), pipe.writer());
  }

  public MultipartUpload initiate(
      RequestContext ctx,
      BucketName bucket,
      ObjectKey key,
      String contentType,
      Map<String, String> userMetadata,
      StandardHeaders headers) {
    ctx.require(Scope.WRITE);
    Map<String, String> attributes = pipe.policy().metadata(userMetadata);
    Instant now = pipe.now();
    return pipe.metadata().inTenant(
        ctx.tenant(),
        tx -> {
          String type = pipe.policy().target(tx, bucket, contentType).contentType();
          MultipartUpload upload = new MultipartUpload("mpu_" + pipe.ids().base36(32), bucket, key, type, attributes, headers, now);
          tx.multipart().insert(upload);
          return upload;
        });
  }

  /** Stores one part; returns its MD5 (hex), S3's part ETag. */
  public String uploadPart(
      RequestContext ctx, BucketName bucket, ObjectKey key, String uploadId, int number, InputStream body, Long length) {
    ctx.require(Scope.WRITE);
    if (number < 1 || number > MAX_PARTS) {
      throw new InvalidInputException("invalid_part_number", "part numbers are 1 to 10000");
    }
    record Plan(Tenant tenant, long cap) {}
    Plan plan =
        pipe.metadata().inTenant(
            ctx.tenant(),
            tx -> {
              Tenant tenant = tx.tenant().get();
              find(tx, bucket, key, uploadId);
              // what the quota leaves, this upload's own parts counted as already held
              long cap = pipe.policy().cap(tx, tenant, null);
              long own = tx.tenant().reserved(uploadId);
              return new Plan(tenant, cap > Long.MAX_VALUE - own ? Long.MAX_VALUE : cap + own);
            });
    if (length != null) {
      WritePolicy.requireWithin(length, plan.cap());
    }
    StorageSpace space = pipe.layout().spaceOf(plan.tenant());
    StagedBlob staged = pipe.writer().stream(ctx, space, body, plan.cap(), length, WritePolicy.TOO_LARGE);
    Instant now = pipe.now();
    BlobReaper.Doomed replaced;
    try {
      replaced =
          pipe.metadata().inTenant(
              ctx.tenant(),
              tx -> {
                find(tx, bucket, key, uploadId);
                var old = tx.multipart().putPart(uploadId, new UploadedPart(number, staged.size(), staged.md5(), staged.sha256(), staged.name(), now));
                // the part's bytes count against the quota from now on, the part it replaces no more
                long held = tx.tenant().reserved(uploadId) - old.map(UploadedPart::size).orElse(0L);
                pipe.policy().reserve(tx, plan.tenant(), uploadId, held + staged.size(), now);
                // the part row references the blob now; the intent would let the sweeper take it
                tx.cleanup().cancel(staged.name());
                return old.map(p -> pipe.reaper().schedule(tx, space, p.blob(), now)).orElse(null);
              });
    } catch (RuntimeException e) {
      pipe.writer().discard(staged, space);
      throw e;
    }
    if (replaced != null) {
      pipe.reaper().reap(List.of(replaced));
    }
    return staged.md5();
  }

  /**
   * Publishes the named parts, in order, as one object. The parts must exist with the ETags named,
   * ascend, and all but the last be at least 5 MiB. The object records its multipart ETag and part
   * sizes as typed facts (for reads by part number and a retried Complete).
   */
  public Completed complete(
      RequestContext ctx, BucketName bucket, ObjectKey key, String uploadId, List<PartRef> refs, Conditions conditions) {
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
    SystemFacts facts = SystemFacts.multipart(etag, plan.parts().stream().map(UploadedPart::size).toList());
    StorageSpace space = pipe.layout().spaceOf(plan.tenant());
    StagedBlob staged = assembly.join(ctx, space, plan.parts(), size, etag);
    Publication publication =
        new Publication(bucket, key, plan.upload().contentType(), null, null, plan.upload().metadata(),
            plan.upload().headers(), facts, conditions, staged, null, uploadId, null, false);
    PutResult result;
    try {
      // the upload's row and parts go in the transaction that makes the object current
      result =
          pipe.publisher().publish(ctx, publication, tx -> {
            find(tx, bucket, key, uploadId); // a concurrent Complete that won leaves NoSuchUpload
            return forget(tx, uploadId, space, pipe.now());
          });
    } catch (RuntimeException e) {
      pipe.writer().discard(staged, space);
      throw e;
    }
    return new Completed(result, etag);
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
      etag = PartAssembly.digestOfDigests("MD5", lastOfEachNumber(refs).stream().map(r -> unquote(r.etag())).toList());
    } catch (IllegalArgumentException e) {
      return null; // not ETags Silo made: the completion itself refuses them
    }
    return pipe.metadata().inTenant(
        ctx.tenant(),
        tx -> {
          if (tx.multipart().find(uploadId).isPresent()) {
            return null;
          }
          return tx.objects()
              .find(WritePolicy.bucket(tx, tx.tenant().get(), bucket), key)
              .filter(o -> o.ready() && o.facts().multipart() && o.facts().multipartEtag().equals(etag))
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
    Tenant tenant =
        pipe.metadata().inTenant(
            ctx.tenant(),
            tx -> {
              find(tx, bucket, key, uploadId);
              return tx.tenant().get();
            });
    discard(ctx, uploadId, pipe.layout().spaceOf(tenant));
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
          WritePolicy.bucket(tx, tx.tenant().get(), bucket);
          return tx.multipart().list(bucket, prefix == null ? "" : prefix, keyAfter, idAfter, limit);
        });
  }

  /** S3's ETag of a multipart object: MD5 of the concatenated binary part MD5s, dash, count. */
  public static String multipartEtag(List<UploadedPart> parts) {
    return PartAssembly.digestOfDigests("MD5", parts.stream().map(UploadedPart::md5).toList());
  }

  private void discard(RequestContext ctx, String uploadId, StorageSpace space) {
    Instant now = pipe.now();
    pipe.reaper().reap(pipe.metadata().inTenant(ctx.tenant(), tx -> forget(tx, uploadId, space, now)));
  }

  /**
   * Deletes the upload's rows and releases its reservation in the caller's transaction; returns
   * its part blobs, to be deleted after the commit.
   */
  private List<BlobReaper.Doomed> forget(TenantTx tx, String uploadId, StorageSpace space, Instant now) {
    List<BlobReaper.Doomed> out = new ArrayList<>();
    for (UploadedPart p : allParts(tx, uploadId)) {
      out.add(pipe.reaper().schedule(tx, space, p.blob(), now));
    }
    tx.multipart().delete(uploadId);
    tx.tenant().release(uploadId);
    return out;
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
        discard(ctx, u.uploadId(), space);
      }
    }
  }

  private static List<UploadedPart> allParts(TenantTx tx, String uploadId) {
    return tx.multipart().parts(uploadId, 0, MAX_PARTS);
  }

  private static MultipartUpload find(TenantTx tx, BucketName bucket, ObjectKey key, String uploadId) {
    WritePolicy.bucket(tx, tx.tenant().get(), bucket);
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
