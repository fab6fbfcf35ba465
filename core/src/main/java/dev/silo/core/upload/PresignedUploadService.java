package dev.silo.core.upload;

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
import dev.silo.core.domain.SystemFacts;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.UserMetadata;
import dev.silo.core.error.ConflictException;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.PayloadTooLargeException;
import dev.silo.core.error.UnsupportedMediaTypeException;
import dev.silo.core.object.BlobReaper;
import dev.silo.core.object.ObjectService;
import dev.silo.core.object.ObjectWriter;
import dev.silo.core.object.StagedBlob;
import dev.silo.core.signing.LinkBuilder;
import dev.silo.core.signing.SignedClaims;
import dev.silo.core.signing.UrlSigner;
import dev.silo.core.domain.BlobName;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.spi.Presigner;
import dev.silo.core.support.IdGenerator;
import dev.silo.core.tenant.TenancyLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

  private final MetadataStore metadata;
  private final TenancyLayout layout;
  private final ObjectWriter writer;
  private final BlobReaper reaper;
  private final UrlSigner signer;
  private final LinkBuilder links;
  private final Journal journal;
  private final IdGenerator ids;
  private final Clock clock;
  private final BlobStore blobs;
  private final Presigner direct;

  /** Gateway mode: upload URLs point at Silo. */
  public PresignedUploadService(
      MetadataStore metadata,
      TenancyLayout layout,
      ObjectWriter writer,
      BlobReaper reaper,
      UrlSigner signer,
      LinkBuilder links,
      Journal journal,
      IdGenerator ids,
      Clock clock) {
    this(metadata, layout, writer, reaper, signer, links, journal, ids, clock, null, null);
  }

  /** Direct mode when {@code direct} is not null: upload URLs point at the backend. */
  public PresignedUploadService(
      MetadataStore metadata,
      TenancyLayout layout,
      ObjectWriter writer,
      BlobReaper reaper,
      UrlSigner signer,
      LinkBuilder links,
      Journal journal,
      IdGenerator ids,
      Clock clock,
      BlobStore blobs,
      Presigner direct) {
    this.metadata = metadata;
    this.layout = layout;
    this.writer = writer;
    this.reaper = reaper;
    this.signer = signer;
    this.links = links;
    this.journal = journal;
    this.ids = ids;
    this.clock = clock;
    this.blobs = blobs;
    this.direct = direct;
  }

  public UploadTicket initiate(RequestContext ctx, UploadRequest req) {
    ctx.require(Scope.WRITE);
    String contentType = ContentTypes.normalize(req.contentType());
    if (req.filename() == null || req.filename().isBlank()) {
      throw new InvalidInputException("invalid_filename", "filename is required");
    }
    if (req.size() != null && req.size() < 0) {
      throw new InvalidInputException("invalid_size", "size must not be negative");
    }
    Map<String, String> attributes = UserMetadata.validate(req.metadata());
    Duration ttl = UrlSigner.ttl(req.ttlSeconds());
    Instant now = now();
    Instant expires = signer.expiryFor(ttl);
    ObjectId id = ids.objectId();
    BlobName directBlob = direct == null ? null : ids.blobName();
    StorageSpace[] directSpace = new StorageSpace[1];
    ObjectInfo pending =
        metadata.inTenant(
            ctx.tenant(),
            tx -> {
              Tenant tenant = tx.tenant().get();
              BucketName bucket = ObjectService.bucketOf(tx, tenant, req.bucket());
              if (!tenant.limits().allows(contentType)) {
                throw new UnsupportedMediaTypeException(
                    "content_type_not_allowed", "content type " + ContentTypes.base(contentType) + " is not allowed");
              }
              long cap = ObjectService.capFor(tenant, tx.tenant().usage(), null);
              if (req.size() != null && req.size() > cap) {
                throw new PayloadTooLargeException("too_large", ObjectService.capMessage(tenant));
              }
              ObjectKey key = new ObjectKey(req.category().wire() + "/" + id.value() + "/" + FileNames.sanitize(req.filename()));
              long announced = req.size() == null ? UNKNOWN : req.size();
              if (directBlob != null) {
                directSpace[0] = layout.spaceOf(tenant);
                // swept unless completed: the URL's lifetime plus a grace for a slow last byte
                tx.cleanup().schedule(directSpace[0], directBlob, expires.plus(DIRECT_GRACE));
              }
              ObjectInfo o =
                  new ObjectInfo(id, bucket, key, announced, contentType, null, null,
                      ObjectStatus.PENDING, Acl.PRIVATE, null, attributes, req.headers(),
                      SystemFacts.pendingUpload(req.size(), directBlob != null), directBlob, now, now);
              tx.objects().insert(o);
              journal.in(tx, ctx, now).audit("upload.initiated", bucket.value() + "/" + key.value());
              return o;
            });
    if (directBlob != null) {
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
        id, pending, links.objectUrl(pending.bucket(), pending.key(), token), "PUT", Map.of("Content-Type", contentType), expires);
  }

  /**
   * Receives the bytes of a pending upload through its signed URL. They are staged on the pending
   * row, still invisible; a second PUT before completion replaces the first.
   */
  public ObjectInfo receive(RequestContext ctx, SignedClaims claims, String contentType, Long contentLength, InputStream body) {
    ctx.require(Scope.WRITE);
    record Target(Tenant tenant, ObjectInfo pending) {}
    Target target =
        metadata.inTenant(
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
            : metadata.inTenant(ctx.tenant(), tx -> ObjectService.capFor(tx.tenant().get(), tx.tenant().usage(), null));
    if (contentLength != null && contentLength > cap) {
      throw new PayloadTooLargeException("too_large", "the upload is larger than announced or allowed");
    }
    StorageSpace space = layout.spaceOf(target.tenant());
    StagedBlob staged =
        writer.stream(ctx, space, body, cap, expected >= 0 ? Long.valueOf(expected) : contentLength,
            "the upload is larger than announced or allowed");
    Instant now = now();
    try {
      BlobReaper.Doomed replaced =
          metadata.inTenant(
              ctx.tenant(),
              tx -> {
                ObjectInfo current = pendingOf(tx.objects().find(claims.upload()).orElse(null), claims);
                ObjectInfo staging =
                    new ObjectInfo(current.id(), current.bucket(), current.key(), staged.size(), current.contentType(),
                        staged.md5(), staged.sha256(), ObjectStatus.PENDING, current.acl(), current.folder(),
                        current.metadata(), current.headers(), current.facts(), staged.name(), current.createdAt(), now);
                tx.objects().update(staging);
                return current.blob() == null ? null : reaper.schedule(tx, space, current.blob(), now);
              });
      if (replaced != null) {
        reaper.reap(List.of(replaced));
      }
      return metadata.inTenant(ctx.tenant(), tx -> tx.objects().find(claims.upload()).orElseThrow());
    } catch (RuntimeException e) {
      writer.discard(staged, space);
      throw e;
    }
  }

  /** Publishes a staged upload; completing an already completed upload returns it unchanged. */
  public ObjectInfo complete(RequestContext ctx, ObjectId id) {
    ctx.require(Scope.WRITE);
    if (blobs != null) {
      stageDirectUpload(ctx, id);
    }
    Instant now = now();
    return metadata.inTenant(
        ctx.tenant(),
        tx -> {
          Tenant tenant = tx.tenant().get();
          ObjectInfo o = tx.objects().find(id).orElseThrow(ObjectService::notFound);
          if (o.ready()) {
            return o;
          }
          if (o.blob() == null) {
            throw new ConflictException("upload_incomplete", "no bytes have been uploaded for this object");
          }
          if (o.size() > ObjectService.capFor(tenant, tx.tenant().usage(), null)) {
            throw new PayloadTooLargeException("too_large", ObjectService.capMessage(tenant));
          }
          ObjectInfo ready =
              new ObjectInfo(o.id(), o.bucket(), o.key(), o.size(), o.contentType(), o.etag(), o.sha256(),
                  ObjectStatus.READY, o.acl(), o.folder(), o.metadata(), o.headers(), o.facts().published(), o.blob(),
                  o.createdAt(), now);
          tx.objects().update(ready);
          tx.tenant().addUsage(ready.size(), 1);
          tx.cleanup().cancel(ready.blob());
          // one audit record (object.created) for the one action; both events
          journal.in(tx, ctx, now).uploadCompleted(ready);
          journal.in(tx, ctx, now).object("object.created", ready);
          return ready;
        });
  }

  /**
   * For a direct upload, checks the backend blob (HEAD: exists, announced size), hashes it, and
   * stages the row as a gateway PUT would have, so that completion is the same for both modes.
   */
  private void stageDirectUpload(RequestContext ctx, ObjectId id) {
    record Pending(Tenant tenant, ObjectInfo row) {}
    Pending p =
        metadata.inTenant(
            ctx.tenant(), tx -> new Pending(tx.tenant().get(), tx.objects().find(id).orElseThrow(ObjectService::notFound)));
    ObjectInfo o = p.row();
    if (o.ready() || !o.facts().directUpload() || o.blob() == null) {
      return;
    }
    StorageSpace space = layout.spaceOf(p.tenant());
    long announced = announcedSize(o);
    String sha256;
    String md5;
    long size;
    try {
      OptionalLong head = blobs.size(space, o.blob());
      if (head.isEmpty()) {
        throw new ConflictException("upload_incomplete", "no bytes have been uploaded for this object");
      }
      size = head.getAsLong();
      if (announced >= 0 && size != announced) {
        throw new InvalidInputException(
            "incomplete_body", "the upload has " + size + " bytes but " + announced + " were announced");
      }
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      MessageDigest md = MessageDigest.getInstance("MD5");
      try (InputStream in = new DigestInputStream(new DigestInputStream(blobs.read(space, o.blob(), null), sha), md)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      sha256 = HexFormat.of().formatHex(sha.digest());
      md5 = HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UnavailableException("the storage backend failed", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Instant now = now();
    metadata.inTenant(
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

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
