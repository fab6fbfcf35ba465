package dev.silo.core.multipart;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ContentTypes;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.UserMetadata;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.error.PayloadTooLargeException;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.error.UnsupportedMediaTypeException;
import dev.silo.core.object.BlobReaper;
import dev.silo.core.object.Conditions;
import dev.silo.core.object.ObjectService;
import dev.silo.core.object.ObjectWriter;
import dev.silo.core.object.PutRequest;
import dev.silo.core.object.PutResult;
import dev.silo.core.object.StagedBlob;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.spi.TenantTx;
import dev.silo.core.support.IdGenerator;
import dev.silo.core.tenant.TenancyLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Multipart uploads. Each part streams into its own blob (so parts may arrive in any order, on any
 * node, and be retried); completion streams the chosen parts in order through {@link
 * ObjectService#put}, so the object gets the same limits, quota, audit and events as any upload,
 * and memory does not grow with its size. The part blobs are reaped afterwards.
 */
public final class MultipartService {
  /** Object metadata holding S3's ETag of a multipart object ({@code md5-of-part-md5s-N}). */
  public static final String ETAG_METADATA = "silo-multipart-etag";
  /** Object metadata naming the upload an object was completed from, to answer a retried Complete. */
  public static final String UPLOAD_METADATA = "silo-multipart-upload";
  public static final int MAX_PARTS = 10_000;
  /** Every part but the last must be at least this large, as S3 requires. */
  public static final long MIN_PART_BYTES = 5L * 1024 * 1024;

  /** A part the client names in its completion request. */
  public record PartRef(int number, String etag) {}

  /** The completed object and its multipart ETag. */
  public record Completed(PutResult result, String etag) {}

  private final MetadataStore metadata;
  private final BlobStore blobs;
  private final TenancyLayout layout;
  private final ObjectWriter writer;
  private final BlobReaper reaper;
  private final ObjectService objects;
  private final IdGenerator ids;
  private final Clock clock;

  public MultipartService(
      MetadataStore metadata,
      BlobStore blobs,
      TenancyLayout layout,
      ObjectWriter writer,
      BlobReaper reaper,
      ObjectService objects,
      IdGenerator ids,
      Clock clock) {
    this.metadata = metadata;
    this.blobs = blobs;
    this.layout = layout;
    this.writer = writer;
    this.reaper = reaper;
    this.objects = objects;
    this.ids = ids;
    this.clock = clock;
  }

  public MultipartUpload initiate(
      RequestContext ctx, BucketName bucket, ObjectKey key, String contentType, Map<String, String> userMetadata) {
    ctx.require(Scope.WRITE);
    String type = ContentTypes.normalize(contentType);
    Map<String, String> attributes = UserMetadata.validate(userMetadata);
    Instant now = now();
    return metadata.inTenant(
        ctx.tenant(),
        tx -> {
          Tenant tenant = tx.tenant().get();
          ObjectService.bucketOf(tx, tenant, bucket);
          if (!tenant.limits().allows(type)) {
            throw new UnsupportedMediaTypeException(
                "content_type_not_allowed", "content type " + ContentTypes.base(type) + " is not allowed");
          }
          MultipartUpload upload = new MultipartUpload("mpu_" + ids.base36(32), bucket, key, type, attributes, now);
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
        metadata.inTenant(
            ctx.tenant(),
            tx -> {
              Tenant tenant = tx.tenant().get();
              find(tx, bucket, key, uploadId);
              Long max = tenant.limits().maxUploadBytes();
              return new Plan(tenant, max == null ? Long.MAX_VALUE : max);
            });
    if (length != null && length > plan.cap()) {
      throw new PayloadTooLargeException("too_large", ObjectService.capMessage(plan.tenant()));
    }
    StorageSpace space = layout.spaceOf(plan.tenant());
    StagedBlob staged = writer.stream(ctx, space, body, plan.cap(), length, ObjectService.capMessage(plan.tenant()));
    Instant now = now();
    BlobReaper.Doomed replaced;
    try {
      replaced =
          metadata.inTenant(
              ctx.tenant(),
              tx -> {
                find(tx, bucket, key, uploadId);
                var old = tx.multipart().putPart(uploadId, new UploadedPart(number, staged.size(), staged.md5(), staged.name(), now));
                // the part row references the blob now; the intent would let the sweeper take it
                tx.cleanup().cancel(staged.name());
                return old.map(p -> reaper.schedule(tx, space, p.blob(), now)).orElse(null);
              });
    } catch (RuntimeException e) {
      writer.discard(staged, space);
      throw e;
    }
    if (replaced != null) {
      reaper.reap(List.of(replaced));
    }
    return staged.md5();
  }

  /**
   * Publishes the named parts, in order, as one object. The parts must exist with the ETags named,
   * ascend, and all but the last be at least 5 MiB. The object records its part layout (for reads
   * by part number) and the upload it came from (for a retried Complete).
   */
  public Completed complete(
      RequestContext ctx, BucketName bucket, ObjectKey key, String uploadId, List<PartRef> refs, Conditions conditions) {
    ctx.require(Scope.WRITE);
    if (refs.isEmpty()) {
      throw new InvalidInputException("malformed_xml", "the completion names no parts");
    }
    Completed before = completedBefore(ctx, bucket, key, uploadId);
    if (before != null) {
      return before; // a client retrying a Complete whose answer it lost gets the same answer again
    }
    record Plan(Tenant tenant, MultipartUpload upload, List<UploadedPart> parts) {}
    Plan plan =
        metadata.inTenant(
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
    Map<String, String> attributes = new HashMap<>(plan.upload().metadata());
    attributes.put(ETAG_METADATA, etag);
    attributes.put(UPLOAD_METADATA, uploadId);
    PartLayout.of(plan.parts().stream().map(UploadedPart::size).toList())
        .encoded()
        .ifPresent(v -> attributes.put(PartLayout.METADATA, v));
    StorageSpace space = layout.spaceOf(plan.tenant());
    PutResult result;
    try (InputStream joined = new SequenceInputStream(new PartStreams(space, plan.parts()))) {
      result =
          objects.put(
              ctx,
              new PutRequest(bucket, key, plan.upload().contentType(), size, null, null, attributes, conditions),
              joined);
    } catch (IOException e) {
      throw new UnavailableException("the storage backend failed", e);
    }
    discard(ctx, uploadId, space);
    return new Completed(result, etag);
  }

  /**
   * The answer a Complete of an upload that is gone already had, while the object at the key is
   * still the one that upload produced (S3 answers a retried Complete with 200 and the same ETag);
   * null otherwise. Read under the Complete's own scope: a write-only credential gets it too.
   */
  private Completed completedBefore(RequestContext ctx, BucketName bucket, ObjectKey key, String uploadId) {
    return metadata.inTenant(
        ctx.tenant(),
        tx -> {
          if (tx.multipart().find(uploadId).isPresent()) {
            return null;
          }
          return tx.objects()
              .find(ObjectService.bucketOf(tx, tx.tenant().get(), bucket), key)
              .filter(o -> o.ready() && uploadId.equals(o.metadata().get(UPLOAD_METADATA)) && o.metadata().containsKey(ETAG_METADATA))
              .map(o -> new Completed(new PutResult(o, false), o.metadata().get(ETAG_METADATA)))
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
        metadata.inTenant(
            ctx.tenant(),
            tx -> {
              find(tx, bucket, key, uploadId);
              return tx.tenant().get();
            });
    discard(ctx, uploadId, layout.spaceOf(tenant));
  }

  public MultipartUpload upload(RequestContext ctx, BucketName bucket, ObjectKey key, String uploadId) {
    ctx.require(Scope.READ);
    return metadata.inTenant(ctx.tenant(), tx -> find(tx, bucket, key, uploadId));
  }

  /** Parts numbered above {@code after}, at most {@code limit}. */
  public List<UploadedPart> parts(RequestContext ctx, BucketName bucket, ObjectKey key, String uploadId, int after, int limit) {
    ctx.require(Scope.READ);
    return metadata.inTenant(
        ctx.tenant(),
        tx -> {
          find(tx, bucket, key, uploadId);
          return tx.multipart().parts(uploadId, after, limit);
        });
  }

  public List<MultipartUpload> uploads(
      RequestContext ctx, BucketName bucket, String prefix, String keyAfter, String idAfter, int limit) {
    ctx.require(Scope.READ);
    return metadata.inTenant(
        ctx.tenant(),
        tx -> {
          ObjectService.bucketOf(tx, tx.tenant().get(), bucket);
          return tx.multipart().list(bucket, prefix == null ? "" : prefix, keyAfter, idAfter, limit);
        });
  }

  /** S3's ETag of a multipart object: MD5 of the concatenated binary part MD5s, dash, count. */
  public static String multipartEtag(List<UploadedPart> parts) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      for (UploadedPart p : parts) {
        md5.update(HexFormat.of().parseHex(p.md5()));
      }
      return HexFormat.of().formatHex(md5.digest()) + "-" + parts.size();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void discard(RequestContext ctx, String uploadId, StorageSpace space) {
    Instant now = now();
    List<BlobReaper.Doomed> doomed =
        metadata.inTenant(
            ctx.tenant(),
            tx -> {
              List<BlobReaper.Doomed> out = new ArrayList<>();
              for (UploadedPart p : allParts(tx, uploadId)) {
                out.add(reaper.schedule(tx, space, p.blob(), now));
              }
              tx.multipart().delete(uploadId);
              return out;
            });
    reaper.reap(doomed);
  }

  private static List<UploadedPart> allParts(TenantTx tx, String uploadId) {
    return tx.multipart().parts(uploadId, 0, MAX_PARTS);
  }

  private static MultipartUpload find(TenantTx tx, BucketName bucket, ObjectKey key, String uploadId) {
    ObjectService.bucketOf(tx, tx.tenant().get(), bucket);
    return tx.multipart()
        .find(uploadId)
        .filter(u -> u.bucket().equals(bucket) && u.key().equals(key))
        .orElseThrow(() -> new NotFoundException("upload_not_found", "no such multipart upload"));
  }

  private static String unquote(String etag) {
    String t = etag == null ? "" : etag.trim();
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** Opens each part's blob only when the previous one is exhausted. */
  private final class PartStreams implements Enumeration<InputStream> {
    private final StorageSpace space;
    private final Iterator<UploadedPart> parts;

    PartStreams(StorageSpace space, List<UploadedPart> parts) {
      this.space = space;
      this.parts = parts.iterator();
    }

    @Override
    public boolean hasMoreElements() {
      return parts.hasNext();
    }

    @Override
    public InputStream nextElement() {
      UploadedPart p = parts.next();
      try {
        return blobs.read(space, p.blob(), null);
      } catch (IOException e) {
        throw new UnavailableException("a part's bytes are missing from storage", e);
      }
    }
  }
}
