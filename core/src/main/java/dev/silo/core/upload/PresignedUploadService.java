package dev.silo.core.upload;

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
import dev.silo.core.domain.SystemFacts;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.UserMetadata;
import dev.silo.core.error.ConflictException;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.PayloadTooLargeException;
import dev.silo.core.object.BlobReaper;
import dev.silo.core.object.BodyDigests;
import dev.silo.core.object.ObjectService;
import dev.silo.core.object.StagedBlob;
import dev.silo.core.signing.LinkBuilder;
import dev.silo.core.signing.SignedClaims;
import dev.silo.core.signing.UrlSigner;
import dev.silo.core.domain.BlobName;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.spi.Presigner;
import dev.silo.core.write.Publication;
import dev.silo.core.write.WritePipeline;
import dev.silo.core.write.WritePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The seeds' presigned upload flow: the client asks for an upload (Silo computes the key and
 * reserves a pending object), PUTs the bytes to the signed URL (staged, still invisible), then
 * calls complete, which publishes the object. A pending object's {@code size} holds the announced
 * size (-1 when none was announced) until bytes arrive.
 *
 * <p>Direct mode ({@code SILO_PRESIGN_MODE=direct}, a store with a {@link Presigner}): the pending
 * row gets its blob name at initiate, the URL is the backend's own presigned PUT of that blob, and
 * complete checks with HEAD that the blob exists with the announced size, then reads it once to
 * record its hashes. An intent row (due after the URL expires) sweeps a blob never completed.
 */
public final class PresignedUploadService {
  private static final long UNKNOWN = -1;

  private final UrlSigner signer;
  private final LinkBuilder links;
  private final Presigner direct;

  private final WritePipeline pipe;

  /** Gateway mode: upload URLs point at Silo. */
  public PresignedUploadService(WritePipeline pipe, UrlSigner signer, LinkBuilder links) {
    this(pipe, signer, links, null);
  }

  /** Direct mode when {@code direct} is not null: upload URLs point at the backend. */
  public PresignedUploadService(WritePipeline pipe, UrlSigner signer, LinkBuilder links, Presigner direct) {
    this.pipe = pipe;
    this.signer = signer;
    this.links = links;
    this.direct = direct;
  }

  public UploadTicket initiate(RequestContext ctx, UploadRequest req) {
    ctx.require(Scope.WRITE);
    if (req.filename() == null || req.filename().isBlank()) {
      throw new InvalidInputException("invalid_filename", "filename is required");
    }
    if (req.size() != null && req.size() < 0) {
      throw new InvalidInputException("invalid_size", "size must not be negative");
    }
    Map<String, String> attributes = UserMetadata.validate(req.metadata());
    Duration ttl = UrlSigner.ttl(req.ttlSeconds());
    Instant now = pipe.now();
    Instant expires = signer.expiryFor(ttl);
    ObjectId id = pipe.ids().objectId();
    BlobName directBlob = direct == null ? null : pipe.ids().blobName();
    StorageSpace[] directSpace = new StorageSpace[1];
    ObjectInfo pending =
        pipe.metadata().inTenant(
            ctx.tenant(),
            tx -> {
              WritePolicy.Target target = pipe.policy().target(tx, req.bucket(), req.contentType());
              Tenant tenant = target.tenant();
              BucketName bucket = target.bucket();
              WritePolicy.requireWithin(req.size() == null ? 0 : req.size(), pipe.policy().cap(tx, tenant, null));
              if (req.size() != null) {
                // the announced bytes are held from now on, so parallel uploads cannot overbook
                pipe.policy().reserve(tx, tenant, id.value(), req.size(), now);
              }
              ObjectKey key = new ObjectKey(req.category().wire() + "/" + id.value() + "/" + FileNames.sanitize(req.filename()));
              long announced = req.size() == null ? UNKNOWN : req.size();
              if (directBlob != null) {
                directSpace[0] = pipe.layout().spaceOf(tenant);
                // swept unless completed: the URL's lifetime plus a grace for a slow last byte
                tx.cleanup().schedule(directSpace[0], directBlob, expires.plus(DIRECT_GRACE));
              }
              ObjectInfo o =
                  new ObjectInfo(id, bucket, key, announced, target.contentType(), null, null,
                      ObjectStatus.PENDING, Acl.PRIVATE, null, attributes, req.headers(),
                      SystemFacts.pendingUpload(req.size(), directBlob != null), directBlob, now, now);
              tx.objects().insert(o);
              pipe.journal().in(tx, ctx, now).audit("upload.initiated", bucket.value() + "/" + key.value());
              return o;
            });
    if (directBlob != null) {
      String contentType = pending.contentType();
      Presigner.PresignedRequest put = direct.presignPut(directSpace[0], directBlob, ttl, contentType);
      // the signature covers Content-Type, so the client must send exactly this value
      Map<String, String> headers = new java.util.LinkedHashMap<>();
      headers.put("Content-Type", contentType);
      put.headers().forEach((k, v) -> {
        if (!k.equalsIgnoreCase("content-type")) {
          headers.put(k, v);
        }
      });
      return new UploadTicket(id, pending, put.url().toString(), put.method(), Map.copyOf(headers), expires);
    }
    String token = signer.sign(new SignedClaims(ctx.tenant(), pending.bucket(), pending.key(), "PUT", expires, id, ctx.lineage()));
    return new UploadTicket(
        id, pending, links.objectUrl(pending.bucket(), pending.key(), token), "PUT", Map.of("Content-Type", pending.contentType()), expires);
  }

  /**
   * Receives the bytes of a pending upload through its signed URL. They are staged on the pending
   * row, still invisible; a second PUT before completion replaces the first.
   */
  public ObjectInfo receive(RequestContext ctx, SignedClaims claims, String contentType, Long contentLength, InputStream body) {
    ctx.require(Scope.WRITE);
    record Target(Tenant tenant, ObjectInfo pending) {}
    Target target =
        pipe.metadata().inTenant(
            ctx.tenant(),
            tx -> new Target(tx.tenant().get(), pendingOf(tx.objects().find(claims.upload()).orElse(null), claims)));
    ObjectInfo pending = target.pending();
    if (contentType != null && !ContentTypes.base(contentType).equals(ContentTypes.base(pending.contentType()))) {
      throw new InvalidInputException("content_type_mismatch", "Content-Type must be " + pending.contentType());
    }
    long expected = announcedSize(pending);
    long cap =
        expected >= 0
            ? expected
            : pipe.metadata().inTenant(ctx.tenant(), tx -> pipe.policy().cap(tx, tx.tenant().get(), null));
    if (contentLength != null && contentLength > cap) {
      throw new PayloadTooLargeException("too_large", "the upload is larger than announced or allowed");
    }
    StorageSpace space = pipe.layout().spaceOf(target.tenant());
    StagedBlob staged =
        pipe.writer().stream(ctx, space, body, cap, expected >= 0 ? Long.valueOf(expected) : contentLength,
            "the upload is larger than announced or allowed");
    Instant now = pipe.now();
    try {
      BlobReaper.Doomed replaced =
          pipe.metadata().inTenant(
              ctx.tenant(),
              tx -> {
                ObjectInfo current = pendingOf(tx.objects().find(claims.upload()).orElse(null), claims);
                if (expected < 0) {
                  // no size was announced: the bytes are held from the moment they are accepted
                  pipe.policy().reserve(tx, target.tenant(), current.id().value(), staged.size(), now);
                }
                ObjectInfo staging =
                    new ObjectInfo(current.id(), current.bucket(), current.key(), staged.size(), current.contentType(),
                        staged.md5(), staged.sha256(), ObjectStatus.PENDING, current.acl(), current.folder(),
                        current.metadata(), current.headers(), current.facts(), staged.name(), current.createdAt(), now);
                tx.objects().update(staging);
                return current.blob() == null ? null : pipe.reaper().schedule(tx, space, current.blob(), now);
              });
      if (replaced != null) {
        pipe.reaper().reap(List.of(replaced));
      }
      return pipe.metadata().inTenant(ctx.tenant(), tx -> tx.objects().find(claims.upload()).orElseThrow());
    } catch (RuntimeException e) {
      pipe.writer().discard(staged, space);
      throw e;
    }
  }

  /** Publishes a staged upload; completing an already completed upload returns it unchanged. */
  public ObjectInfo complete(RequestContext ctx, ObjectId id) {
    ctx.require(Scope.WRITE);
    if (direct != null) {
      stageDirectUpload(ctx, id);
    }
    ObjectInfo o = pipe.metadata().inTenant(ctx.tenant(), tx -> tx.objects().find(id).orElseThrow(ObjectService::notFound));
    if (o.ready()) {
      return o;
    }
    if (o.blob() == null) {
      throw new ConflictException("upload_incomplete", "no bytes have been uploaded for this object");
    }
    StagedBlob staged = new StagedBlob(o.blob(), o.size(), o.sha256(), o.etag(), 0);
    try {
      return pipe.publisher().publish(
              ctx,
              new Publication(o.bucket(), o.key(), o.contentType(), o.acl(), o.folder(), o.metadata(),
                  o.headers(), o.facts().published(), null, staged, null, id.value(), o.id(), true))
          .object();
    } catch (dev.silo.core.error.ConflictException | dev.silo.core.error.NotFoundException e) {
      // a concurrent complete published it first: completing twice returns the object
      ObjectInfo now = pipe.metadata().inTenant(ctx.tenant(), tx -> tx.objects().find(id).orElseThrow(() -> e));
      if (now.ready()) {
        return now;
      }
      throw e;
    }
  }

  /**
   * For a direct upload, checks the backend blob (HEAD: exists, announced size), hashes it, and
   * stages the row as a gateway PUT would have, so that completion is the same for both modes.
   */
  private void stageDirectUpload(RequestContext ctx, ObjectId id) {
    record Pending(Tenant tenant, ObjectInfo row) {}
    Pending p =
        pipe.metadata().inTenant(
            ctx.tenant(), tx -> new Pending(tx.tenant().get(), tx.objects().find(id).orElseThrow(ObjectService::notFound)));
    ObjectInfo o = p.row();
    if (o.ready() || !o.facts().directUpload() || o.blob() == null) {
      return;
    }
    StorageSpace space = pipe.layout().spaceOf(p.tenant());
    long announced = announcedSize(o);
    String sha256;
    String md5;
    long size;
    try {
      OptionalLong head = pipe.blobs().size(space, o.blob());
      if (head.isEmpty()) {
        throw new ConflictException("upload_incomplete", "no bytes have been uploaded for this object");
      }
      size = head.getAsLong();
      if (announced >= 0 && size != announced) {
        throw new InvalidInputException(
            "incomplete_body", "the upload has " + size + " bytes but " + announced + " were announced");
      }
      BodyDigests.Hashed hashed;
      try (InputStream in = pipe.blobs().read(space, o.blob(), null)) {
        hashed = BodyDigests.of(in);
      }
      sha256 = hashed.sha256();
      md5 = hashed.md5();
    } catch (IOException e) {
      throw new UnavailableException("the storage backend failed", e);
    }
    Instant now = pipe.now();
    pipe.metadata().inTenant(
        ctx.tenant(),
        tx -> {
          ObjectInfo current = tx.objects().find(id).orElseThrow(ObjectService::notFound);
          if (current.ready() || !o.blob().equals(current.blob())) {
            return null;
          }
          tx.objects().update(
              new ObjectInfo(current.id(), current.bucket(), current.key(), size, current.contentType(), md5, sha256,
                  ObjectStatus.PENDING, current.acl(), current.folder(), current.metadata(), current.headers(),
                  current.facts().verified(), current.blob(), current.createdAt(), now));
          return null;
        });
  }

  private static ObjectInfo pendingOf(ObjectInfo o, SignedClaims claims) {
    if (o == null || !o.bucket().equals(claims.bucket()) || !o.key().equals(claims.key())) {
      throw ObjectService.notFound();
    }
    if (o.ready()) {
      throw new ConflictException("upload_completed", "this upload is already complete");
    }
    return o;
  }

  private static final Duration DIRECT_GRACE = Duration.ofHours(1);

  /** The size the client announced (a system fact: the row's size becomes the staged size). */
  private static long announcedSize(ObjectInfo pending) {
    Long announced = pending.facts().announcedSize();
    return announced == null ? UNKNOWN : announced;
  }

}
