package dev.silo.core.spi;

import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.TenantId;
import dev.silo.core.upload.resumable.ResumablePart;
import dev.silo.core.upload.resumable.ResumableUpload;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The bound tenant's resumable (TUS) uploads; for stores that cannot append, the blobs that hold
 * their chunks ("parts", which on stores that assemble are only the bytes not yet in a part), and
 * for stores that assemble, the parts uploaded to the assembly.
 */
public interface ResumableRepository {
  /** Throws {@link DuplicateException} if the id exists. */
  void insert(ResumableUpload upload);

  Optional<ResumableUpload> find(String id);

  /** Ids of the uploads into {@code bucket}, finished or not, at most {@code limit} (a bucket being deleted). */
  List<String> inBucket(dev.silo.core.domain.BucketName bucket, int limit);

  /** The upload that will publish the object id (signed upload tokens name the object id). */
  Optional<ResumableUpload> findByObjectId(ObjectId objectId);

  /**
   * Moves the offset from {@code expected} to {@code next} only if it still is {@code expected}
   * and the upload is not completed: a conditional update, so that of two writers of the same
   * chunk, on any nodes, exactly one wins. {@code length}, when not null, is set if it was not
   * yet. {@code hashState} replaces the running hashes (those of the bytes up to {@code next};
   * null: none kept). Returns whether this caller won.
   */
  boolean advance(String id, long expected, long next, Long length, String checksum, String hashState);

  /** Sets a deferred length; false if the length was already set (to another value) or done. */
  boolean declareLength(String id, long length);

  /** Marks the upload published. */
  void complete(String id, Instant at);

  void addPart(String id, ResumablePart part);

  /** Removes the part rows starting at or after {@code from}; returns them (their blobs). */
  List<ResumablePart> dropParts(String id, long from);

  /** The parts in offset order. */
  List<ResumablePart> parts(String id);

  /** Records a part uploaded to the upload's assembly ({@link MultipartBlobs}). */
  void addAssembled(String id, MultipartBlobs.Part part);

  /** The parts uploaded to the upload's assembly, in number order. */
  List<MultipartBlobs.Part> assembled(String id);

  /** Forgets the assembly's parts numbered {@code from} and up (a last chunk undone). */
  void dropAssembled(String id, int from);

  /** Removes the upload and its part rows (not the blobs); false if there was no such upload. */
  boolean delete(String id);

  /** The sweeper's view across tenants. */
  interface Global {
    record Expired(TenantId tenant, String id) {}

    /** Uploads whose expiry is before {@code now}, at most {@code limit}. */
    List<Expired> expired(Instant now, int limit);
  }
}
