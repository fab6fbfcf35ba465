package dev.silo.core.events;

import dev.silo.core.domain.BucketName;
import dev.silo.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;

/**
 * Which objects' events a webhook wants, as S3's event notification filters say it: those of one
 * bucket, of keys starting with {@code prefix}, of keys ending with {@code suffix} (each null: any).
 * A webhook with any of them gets only object events (an event without an object has no bucket or
 * key to match).
 */
public record WebhookFilter(String bucket, String prefix, String suffix) {
  public static final WebhookFilter NONE = new WebhookFilter(null, null, null);

  /** As a key's prefix or suffix may be: no longer than a key. */
  private static final int MAX_BYTES = 1024;

  public WebhookFilter {
    bucket = blankToNull(bucket);
    prefix = blankToNull(prefix);
    suffix = blankToNull(suffix);
    if (bucket != null) {
      new BucketName(bucket); // 400 invalid_bucket_name for one no bucket could have
    }
    for (String part : new String[] {prefix, suffix}) {
      if (part != null && (part.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES || part.indexOf('\0') >= 0)) {
        throw new InvalidInputException("invalid_filter", "filter.prefix and filter.suffix are at most " + MAX_BYTES + " bytes, without NUL");
      }
    }
  }

  public boolean isNone() {
    return bucket == null && prefix == null && suffix == null;
  }

  /** Whether an event of an object at {@code key} of {@code bucket} passes (both null: an event of no object). */
  public boolean matches(String eventBucket, String eventKey) {
    if (isNone()) {
      return true;
    }
    if (eventBucket == null || eventKey == null) {
      return false;
    }
    return (bucket == null || bucket.equals(eventBucket))
        && (prefix == null || eventKey.startsWith(prefix))
        && (suffix == null || eventKey.endsWith(suffix));
  }

  private static String blankToNull(String v) {
    return v == null || v.isEmpty() ? null : v;
  }
}
