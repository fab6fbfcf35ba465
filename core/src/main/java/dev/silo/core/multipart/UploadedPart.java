package dev.silo.core.multipart;

import dev.silo.core.domain.BlobName;
import java.time.Instant;
import java.util.Objects;

/** One stored part: its number (1–10000), size, MD5 (hex) and the blob that holds it. */
public record UploadedPart(int number, long size, String md5, BlobName blob, Instant createdAt) {
  public UploadedPart {
    Objects.requireNonNull(md5, "md5");
    Objects.requireNonNull(blob, "blob");
  }
}
