package dev.silo.core.domain;

import java.util.List;

/**
 * What Silo itself knows about how an object was written, kept apart from user metadata so that
 * no client can set, overwrite or drop it (a metadata update replaces user metadata only).
 *
 * <p>{@code multipartEtag} is S3's ETag of an object completed from parts ({@code
 * md5-of-part-md5s-N}), null otherwise; {@code partCount} its number of parts (0 for a single-part
 * object) and {@code partSizes} their sizes in order, empty when unknown (objects completed before
 * sizes were recorded). {@code announcedSize} and {@code directUpload} describe a pending presigned
 * upload: the size its client announced (null: none), and whether its bytes go straight to the
 * storage backend and still need checking. Completion clears both. {@code seal} is the key version
 * and stored size of an encrypted blob, null for a blob in plain text. {@code checksum} is the
 * additional checksum S3 clients know the object by ({@link Checksum}), null when its upload gave
 * none.
 */
public record SystemFacts(
    String multipartEtag, int partCount, List<Long> partSizes, Long announcedSize, boolean directUpload, BlobSeal seal,
    Checksum checksum) {
  public static final SystemFacts NONE = new SystemFacts(null, 0, List.of(), null, false);

  public SystemFacts(String multipartEtag, int partCount, List<Long> partSizes, Long announcedSize, boolean directUpload) {
    this(multipartEtag, partCount, partSizes, announcedSize, directUpload, null, null);
  }

  public SystemFacts(
      String multipartEtag, int partCount, List<Long> partSizes, Long announcedSize, boolean directUpload, BlobSeal seal) {
    this(multipartEtag, partCount, partSizes, announcedSize, directUpload, seal, null);
  }

  public SystemFacts {
    partSizes = partSizes == null ? List.of() : List.copyOf(partSizes);
    if (partCount < 0 || (!partSizes.isEmpty() && partSizes.size() != partCount)) {
      throw new IllegalArgumentException("part count " + partCount + " and " + partSizes.size() + " part sizes");
    }
    if ((multipartEtag == null) != (partCount == 0)) {
      throw new IllegalArgumentException("a multipart ETag goes with a part count, and only with one");
    }
    if (announcedSize != null && announcedSize < 0) {
      throw new IllegalArgumentException("announced size " + announcedSize);
    }
  }

  /** The facts of an object completed from parts of these sizes, in order. */
  public static SystemFacts multipart(String etag, List<Long> partSizes) {
    return new SystemFacts(etag, partSizes.size(), partSizes, null, false);
  }

  /** The facts of a presigned upload just initiated. */
  public static SystemFacts pendingUpload(Long announcedSize, boolean direct) {
    return new SystemFacts(null, 0, List.of(), announcedSize, direct);
  }

  public boolean multipart() {
    return multipartEtag != null;
  }

  /** The same facts once a direct upload's blob has been checked. */
  public SystemFacts verified() {
    return new SystemFacts(multipartEtag, partCount, partSizes, announcedSize, false, seal, checksum);
  }

  /** The facts a published object keeps: how it was assembled, not how its upload was announced. */
  public SystemFacts published() {
    return new SystemFacts(multipartEtag, partCount, partSizes, null, false, seal, checksum);
  }

  /** The same facts with the blob's seal as the store reports it (null: plain text). */
  public SystemFacts sealed(BlobSeal seal) {
    return new SystemFacts(multipartEtag, partCount, partSizes, announcedSize, directUpload, seal, checksum);
  }

  /** The same facts with this checksum (null: none). */
  public SystemFacts withChecksum(Checksum c) {
    return new SystemFacts(multipartEtag, partCount, partSizes, announcedSize, directUpload, seal, c);
  }

  /**
   * The facts a listing reads ({@link ObjectInfo#listed}): the multipart ETag and part count, which
   * S3's ETag needs; the part sizes, the upload's announcement, the seal and the checksum are left out.
   */
  public SystemFacts listed() {
    return new SystemFacts(multipartEtag, partCount, List.of(), null, false, null);
  }

  public boolean encrypted() {
    return seal != null;
  }
}
