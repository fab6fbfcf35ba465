package dev.silo.core.multipart;

import dev.silo.core.domain.BlobName;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored part: its number (1–10000), size, MD5 and SHA-256 (hex; recorded as the part
 * arrives, so completion never reads the bytes again; null for parts stored before Silo kept it),
 * and where its bytes are: a blob of its own ({@code blob}), or, when {@code storeEtag} is set, the
 * part of that number in the upload's assembly on the store ({@link MultipartUpload#assembly()}),
 * which completing the upload names by that tag; {@code blob} is then the upload's blob.
 */
public record UploadedPart(
    int number, long size, String md5, String sha256, BlobName blob, String storeEtag, Instant createdAt) {
  public UploadedPart {
    Objects.requireNonNull(md5, "md5");
    Objects.requireNonNull(blob, "blob");
  }

  public UploadedPart(int number, long size, String md5, String sha256, BlobName blob, Instant createdAt) {
    this(number, size, md5, sha256, blob, null, createdAt);
  }

  public UploadedPart(int number, long size, String md5, BlobName blob, Instant createdAt) {
    this(number, size, md5, null, blob, null, createdAt);
  }

  /** Whether the part lives in the upload's assembly rather than in a blob of its own. */
  public boolean assembled() {
    return storeEtag != null;
  }
}
