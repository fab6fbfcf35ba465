package dev.silo.core.multipart;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.Checksum;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored part: its number (1–10000), size, MD5 and SHA-256 (hex; recorded as the part
 * arrives, so completion never reads the bytes again; null for parts stored before Silo kept it),
 * its additional checksum ({@code checksum}: the one its request was checked against, or the one
 * its upload asks for, computed as it arrived; null when neither), and where its bytes are:
 *
 * <ul>
 *   <li>a blob of its own ({@code blob});
 *   <li>when {@code storeEtag} is set, the part of that number in the upload's assembly on the
 *       store ({@link MultipartUpload#assembly()}), which completing the upload names by that tag;
 *       {@code blob} is then the upload's blob;
 *   <li>when {@code offset} is set, a slice of {@code blob}, the blob of the object it was copied
 *       from (UploadPartCopy): its {@code size} bytes from {@code offset}, with one reference to
 *       the blob ({@code blob_refs}) held until the part goes.
 * </ul>
 */
public record UploadedPart(
    int number, long size, String md5, String sha256, BlobName blob, String storeEtag, Long offset, Instant createdAt,
    Checksum checksum) {
  public UploadedPart {
    Objects.requireNonNull(md5, "md5");
    Objects.requireNonNull(blob, "blob");
    if (storeEtag != null && offset != null) {
      throw new IllegalArgumentException("a part is in the assembly or a slice of a blob, not both");
    }
  }

  public UploadedPart(
      int number, long size, String md5, String sha256, BlobName blob, String storeEtag, Long offset, Instant createdAt) {
    this(number, size, md5, sha256, blob, storeEtag, offset, createdAt, null);
  }

  public UploadedPart(int number, long size, String md5, String sha256, BlobName blob, String storeEtag, Instant createdAt) {
    this(number, size, md5, sha256, blob, storeEtag, null, createdAt);
  }

  public UploadedPart(int number, long size, String md5, String sha256, BlobName blob, Instant createdAt) {
    this(number, size, md5, sha256, blob, null, null, createdAt);
  }

  public UploadedPart(int number, long size, String md5, BlobName blob, Instant createdAt) {
    this(number, size, md5, null, blob, null, null, createdAt);
  }

  /** A part that is {@code size} bytes of {@code blob} from {@code offset}, shared with the object copied. */
  public static UploadedPart slice(int number, long offset, long size, String md5, String sha256, BlobName blob, Instant createdAt) {
    return new UploadedPart(number, size, md5, sha256, blob, null, offset, createdAt);
  }

  /** The same part with this checksum. */
  public UploadedPart withChecksum(Checksum c) {
    return new UploadedPart(number, size, md5, sha256, blob, storeEtag, offset, createdAt, c);
  }

  /** Whether the part lives in the upload's assembly rather than in a blob of its own. */
  public boolean assembled() {
    return storeEtag != null;
  }

  /** Whether the part is a slice of another object's blob, with no bytes of its own. */
  public boolean slice() {
    return offset != null;
  }

  /** The slice's bytes within its blob; only for a slice. */
  public ByteRange range() {
    return new ByteRange(offset, offset + size - 1);
  }
}
