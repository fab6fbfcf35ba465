package dev.silo.core.version;

import dev.silo.core.audit.Journal;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.Acl;
import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.Bucket;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.ObjectStatus;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.Version;
import dev.silo.core.domain.Versioning;
import dev.silo.core.object.BlobReaper;
import dev.silo.core.spi.StoredVersion;
import dev.silo.core.spi.TenantTx;
import dev.silo.core.support.IdGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The steps of versioning inside a caller's transaction, in one place: which version a write
 * makes, moving a replaced current version to the noncurrent ones, delete markers, removing a
 * version for good (with the next one promoted to current), and releasing a blob that another
 * version may still share. The {@code Publisher} and every deletion go through here.
 *
 * <p>Invariant: a key has a row in {@code objects} (its current version) unless its newest
 * version is a delete marker; version ids of a key grow with time, so the current one is the
 * greatest.
 */
public final class Versions {
  private final IdGenerator ids;
  private final BlobReaper reaper;
  private final Journal journal;

  public Versions(IdGenerator ids, BlobReaper reaper, Journal journal) {
    this.ids = ids;
    this.reaper = reaper;
    this.journal = journal;
  }

  /** The bucket's versioning (off for a bucket that does not exist: the caller checked it). */
  public static Versioning mode(TenantTx tx, BucketName bucket) {
    return tx.buckets().find(bucket).map(Bucket::versioning).orElse(Versioning.OFF);
  }

  /** Whether a write replacing {@code existing} overwrites it in place (its bytes freed) rather than keeping it. */
  public static boolean replacesInPlace(Versioning mode, ObjectInfo existing) {
    return existing != null && existing.ready() && (mode == Versioning.OFF
        || (mode == Versioning.SUSPENDED && existing.version().nullVersion()));
  }

  /**
   * The version a new current row of the key gets at {@code now}: a fresh id greater than every
   * id the key has ({@code current}, else its newest noncurrent version), null version unless
   * versioning is enabled.
   */
  public Version next(TenantTx tx, Versioning mode, BucketName bucket, ObjectKey key, ObjectInfo current, Instant now) {
    String newest = null;
    if (current != null && current.version().id() != null) {
      newest = current.version().id();
    } else if (mode != Versioning.OFF && current == null) {
      newest = tx.versions().newest(bucket, key).map(StoredVersion::versionId).orElse(null);
    }
    return new Version(idAfter(newest, now), mode != Versioning.ENABLED);
  }

  /** A new id at {@code now}, or just after {@code newest} when the clock has not passed it. */
  private String idAfter(String newest, Instant now) {
    String id = ids.versionId(now);
    if (newest != null && id.compareTo(newest) <= 0) {
      id = ids.versionId(Version.timeOf(newest).plusMillis(1));
    }
    return id;
  }

  /**
   * Keeps the current row {@code current} as a noncurrent version (it keeps counting in usage).
   * The caller then replaces or deletes the current row. A row from before versioning gets an id
   * from its modification time.
   */
  public void retire(TenantTx tx, ObjectInfo current, Instant now) {
    Version v = current.version();
    if (v.id() == null) {
      Instant at = current.updatedAt() != null ? current.updatedAt() : now;
      v = new Version(ids.versionId(at), true);
    }
    tx.versions().insert(new StoredVersion(current.withVersion(v), false, now));
  }

  /** What a deletion without a version id did: the delete marker it wrote, or null when the object was removed. */
  public record Deleted(ObjectInfo marker, List<BlobReaper.Doomed> doomed) {}

  /**
   * Deletes the current version {@code o} as a DELETE without a version id does: with versioning
   * off, the row and (unless shared) its bytes go; enabled, it becomes noncurrent under a new
   * delete marker; suspended, a null delete marker replaces the null version (the current one or
   * a noncurrent one) and a non-null current version is kept. Writes the audit record and the
   * {@code object.deleted} event.
   */
  public Deleted deleteCurrent(TenantTx tx, RequestContext ctx, StorageSpace space, ObjectInfo o, Instant now) {
    Versioning mode = mode(tx, o.bucket());
    List<BlobReaper.Doomed> doomed = new ArrayList<>();
    if (mode == Versioning.OFF) {
      tx.objects().delete(o.id());
      tx.tenant().addUsage(-o.size(), -1);
      release(tx, space, o.blob(), now).ifPresent(doomed::add);
      journal.in(tx, ctx, now).object("object.deleted", o);
      return new Deleted(null, doomed);
    }
    Version markerVersion = new Version(idAfter(o.version().id(), now), mode == Versioning.SUSPENDED);
    tx.objects().delete(o.id());
    if (mode == Versioning.SUSPENDED && o.version().nullVersion()) {
      tx.tenant().addUsage(-o.size(), -1);
      release(tx, space, o.blob(), now).ifPresent(doomed::add);
    } else {
      retire(tx, o, now);
    }
    if (mode == Versioning.SUSPENDED) {
      dropNoncurrentNull(tx, space, o.bucket(), o.key(), now).ifPresent(doomed::add);
    }
    ObjectInfo marker = marker(o, markerVersion, now);
    tx.versions().insert(new StoredVersion(marker, true, now));
    journal.in(tx, ctx, now).object("object.deleted", "object.deleted", marker, true);
    return new Deleted(marker, doomed);
  }

  /** A delete marker of {@code o}'s key: no bytes, no attributes. */
  private static ObjectInfo marker(ObjectInfo o, Version v, Instant now) {
    return new ObjectInfo(o.id(), o.bucket(), o.key(), 0, null, null, null, ObjectStatus.READY, Acl.PRIVATE, null,
        null, null, null, null, now, now, v);
  }

  /**
   * Removes the key's noncurrent null version (or null delete marker), as a write or delete under
   * suspended versioning does: its bytes leave usage and are deleted unless shared.
   */
  public Optional<BlobReaper.Doomed> dropNoncurrentNull(
      TenantTx tx, StorageSpace space, BucketName bucket, ObjectKey key, Instant now) {
    Optional<StoredVersion> old = tx.versions().findNull(bucket, key);
    if (old.isEmpty()) {
      return Optional.empty();
    }
    return removeNoncurrent(tx, space, old.get(), now, false);
  }

  /**
   * Removes one noncurrent version or marker for good: usage, bytes (unless shared). 403 for a
   * version its {@link dev.silo.core.domain.ObjectLock} protects (a GOVERNANCE retention yields to
   * {@code bypassGovernance}): every removal for good passes here, whichever protocol or sweep asks.
   */
  public Optional<BlobReaper.Doomed> removeNoncurrent(
      TenantTx tx, StorageSpace space, StoredVersion v, Instant now, boolean bypassGovernance) {
    v.object().lock().requireDeletable(now, bypassGovernance);
    tx.versions().delete(v.object().bucket(), v.object().key(), v.versionId());
    if (v.deleteMarker()) {
      return Optional.empty();
    }
    tx.tenant().addUsage(-v.object().size(), -1);
    return release(tx, space, v.object().blob(), now);
  }

  /**
   * Removes the current version {@code o} for good (a DELETE with its version id): usage, bytes
   * unless shared, and the newest noncurrent version, unless it is a delete marker, becomes
   * current. 403 for a version its object lock protects, as {@link #removeNoncurrent}.
   */
  public Optional<BlobReaper.Doomed> removeCurrent(
      TenantTx tx, StorageSpace space, ObjectInfo o, Instant now, boolean bypassGovernance) {
    o.lock().requireDeletable(now, bypassGovernance);
    tx.objects().delete(o.id());
    tx.tenant().addUsage(-o.size(), -1);
    Optional<BlobReaper.Doomed> doomed = release(tx, space, o.blob(), now);
    promote(tx, o.bucket(), o.key());
    return doomed;
  }

  /** Keeps the invariant after a removal: without a current row, a newest version that is not a marker becomes current. */
  public void promote(TenantTx tx, BucketName bucket, ObjectKey key) {
    if (tx.objects().find(bucket, key).isPresent()) {
      return;
    }
    Optional<StoredVersion> newest = tx.versions().newest(bucket, key);
    if (newest.isPresent() && !newest.get().deleteMarker()) {
      StoredVersion v = newest.get();
      tx.versions().delete(bucket, key, v.versionId());
      tx.objects().insert(v.object());
    }
  }

  /**
   * Schedules {@code blob} for deletion unless another row still shares it (a restored version):
   * then only its reference count goes down. Null blob: nothing.
   */
  public Optional<BlobReaper.Doomed> release(TenantTx tx, StorageSpace space, BlobName blob, Instant now) {
    if (blob == null || tx.versions().releaseBlob(blob)) {
      return Optional.empty();
    }
    return Optional.of(reaper.schedule(tx, space, blob, now));
  }
}
