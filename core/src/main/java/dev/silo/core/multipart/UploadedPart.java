package dev.silo.core.multipart;

import dev.silo.core.domain.BlobName;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored part: its number (1–10000), size, MD5 and SHA-256 (hex; recorded as the part
 * arrives, so completion never reads the bytes again; null for parts stored before Silo kept it),
 * the blob that holds it.
 */
public record UploadedPart(int number, long size, String md5, String sha256, BlobName blob, Instant createdAt) {
  public UploadedPart {
    Objects.requireNonNull(md5, "md5");
    Objects.requireNonNull(blob, "blob");
  }

  public UploadedPart(int number, long size, String md5, BlobName blob, Instant createdAt) {
    this(number, size, md5, null, blob, createdAt);
  }
}
