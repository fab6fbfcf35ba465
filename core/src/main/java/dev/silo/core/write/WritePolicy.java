package dev.silo.core.write;

import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ContentTypes;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.Usage;
import dev.silo.core.domain.UserMetadata;
import dev.silo.core.error.ConflictException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.error.PayloadTooLargeException;
import dev.silo.core.error.UnsupportedMediaTypeException;
import dev.silo.core.spi.TenantTx;
import java.time.Instant;
import java.util.Map;

/**
 * Every rule a write must pass, in one place: the bucket exists and is the tenant's, the content
 * type is allowed, the body fits {@code max_upload_bytes}, the tenant stays within {@code
 * max_objects} and {@code max_bytes} counting the bytes its unfinished uploads hold (its
 * reservations), and the user metadata is valid. Each upload path asks it before the first byte
 * and again in the transaction that accepts or publishes bytes; none re-implements a rule.
 *
 * <p>Quota checks read usage through {@link dev.silo.core.spi.TenantRecords#usage()}, which locks
 * the tenant row (PostgreSQL; SQLite has one writer), so two transactions that each see room for
 * their bytes cannot both commit them: the second waits and then sees the first's.
 */
public final class WritePolicy {
  /** The message of every 413 for the upload limit or the quota. */
  public static final String TOO_LARGE = "the upload exceeds the tenant's upload limit or remaining quota";

  /**
   * The tenant, the bucket a write goes to (the tenant's default bucket when none was named) and
   * the content type it stores (normalized).
   */
  public record Target(Tenant tenant, BucketName bucket, String contentType) {}

  /** Resolves the bucket (404 if the tenant has no such bucket) and admits the content type (415). */
  public Target target(TenantTx tx, BucketName requested, String contentType) {
    Tenant tenant = tx.tenant().get();
    return new Target(tenant, bucket(tx, requested), contentType(tenant, contentType));
  }

  /**
   * The bucket named, or the tenant's default (named after its slug); 404 if the tenant has no
   * such bucket.
   */
  public static BucketName bucket(TenantTx tx, BucketName requested) {
    if (requested == null) {
      return new BucketName(tx.tenant().slug().value());
    }
    if (!tx.buckets().exists(requested)) {
      throw new NotFoundException("bucket_not_found", "no such bucket");
    }
    return requested;
  }

  /**
   * The content type a write stores (normalized), or 415 when the tenant's allow-list refuses it.
   * Also what a client may claim for an object in other ways (a TUS {@code filetype}, an S3 {@code
   * response-content-type}): a type the tenant may not store, it may not serve either.
   */
  public String contentType(Tenant tenant, String requested) {
    String type = ContentTypes.normalize(requested);
    if (!tenant.limits().allows(type)) {
      throw new UnsupportedMediaTypeException(
          "content_type_not_allowed", "content type " + ContentTypes.base(type) + " is not allowed");
    }
    return type;
  }

  /** User metadata as stored: validated names and values within the size limit. */
  public Map<String, String> metadata(Map<String, String> requested) {
    return UserMetadata.validate(requested);
  }

  public String folder(String requested) {
    return UserMetadata.validateFolder(requested);
  }

  /**
   * The object a write to {@code key} replaces, or null. 409 while another upload holds the key
   * (a pending presigned upload); {@code ownUpload} is the pending row the write itself completes.
   */
  public ObjectInfo replaced(TenantTx tx, BucketName bucket, ObjectKey key, ObjectId ownUpload) {
    ObjectInfo existing = tx.objects().find(bucket, key).orElse(null);
    if (existing != null && !existing.ready() && !existing.id().equals(ownUpload)) {
      throw new ConflictException("upload_pending", "an upload to this key is pending");
    }
    return existing;
  }

  /**
   * The most bytes a write may add now, replacing {@code replaced} (null: a new object): the
   * upload limit and what the quota leaves after usage and every reservation (the caller's own
   * released first). 413 when the object quota is reached.
   */
  public long cap(TenantTx tx, Tenant tenant, ObjectInfo replaced) {
    // a replaced object frees its bytes only when its bucket does not keep it as a version
    ObjectInfo freed =
        replaced != null && replaced.ready()
            && dev.silo.core.version.Versions.replacesInPlace(dev.silo.core.version.Versions.mode(tx, replaced.bucket()), replaced)
            ? replaced : null;
    return cap(tenant.limits(), tx.tenant().usage(), tx.tenant().pendingBytes(), freed);
  }

  /** {@link #cap(TenantTx, Tenant, ObjectInfo)} from the numbers; the rule itself. */
  public static long cap(Limits limits, Usage usage, long pending, ObjectInfo replaced) {
    boolean replacesReady = replaced != null && replaced.ready();
    if (limits.maxObjects() != null && !replacesReady && usage.objects() >= limits.maxObjects()) {
      throw new PayloadTooLargeException("object_quota_exceeded", "the tenant has reached its object quota");
    }
    long cap = limits.maxUploadBytes() == null ? Long.MAX_VALUE : limits.maxUploadBytes();
    if (limits.maxBytes() != null) {
      long freed = replacesReady ? replaced.size() : 0;
      cap = Math.min(cap, Math.max(-1, limits.maxBytes() - usage.bytes() - pending + freed));
    }
    return cap;
  }

  /** 413 unless {@code size} bytes fit {@code cap}. */
  public static void requireWithin(long size, long cap) {
    if (size > cap) {
      throw new PayloadTooLargeException("too_large", TOO_LARGE);
    }
  }

  /**
   * Sets what an unfinished upload holds to {@code total} bytes, in the transaction that accepts
   * them: 413 (and nothing recorded, as the transaction rolls back) when the total is over the
   * upload limit, or when usage, the other uploads' reservations and this total together pass
   * {@code max_bytes}.
   */
  public void reserve(TenantTx tx, Tenant tenant, String upload, long total, Instant now) {
    Limits limits = tenant.limits();
    if (limits.maxUploadBytes() != null && total > limits.maxUploadBytes()) {
      throw new PayloadTooLargeException("too_large", TOO_LARGE);
    }
    if (limits.maxBytes() != null) {
      Usage usage = tx.tenant().usage(); // locks the tenant row before the reservations are summed
      long others = tx.tenant().pendingBytes() - tx.tenant().reserved(upload);
      if (!fits(limits.maxBytes(), usage.bytes(), others, total)) {
        throw new PayloadTooLargeException("too_large", TOO_LARGE);
      }
    }
    tx.tenant().reserve(upload, total, now);
  }

  /** Adds {@code bytes} to what an unfinished upload holds; see {@link #reserve}. */
  public void grow(TenantTx tx, Tenant tenant, String upload, long bytes, Instant now) {
    reserve(tx, tenant, upload, tx.tenant().reserved(upload) + bytes, now);
  }

  /** The quota rule of a reservation: usage, the others' reservations and this one within max. */
  static boolean fits(long maxBytes, long used, long othersPending, long total) {
    return used + othersPending + total <= maxBytes;
  }
}
