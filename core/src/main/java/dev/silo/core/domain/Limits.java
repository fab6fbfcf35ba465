package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.util.List;
import java.util.Locale;

/**
 * A tenant's limits. A null number means unlimited; an empty content-type list means any type.
 * Content types are matched on the media type without parameters, and {@code image/*} style
 * wildcards are allowed.
 */
public record Limits(
    Long maxBytes,
    Long maxObjects,
    Long maxUploadBytes,
    int maxBuckets,
    List<String> allowedContentTypes) {

  public static final Limits DEFAULT = new Limits(null, null, null, 1, List.of());

  public Limits {
    requireNonNegative("max_bytes", maxBytes);
    requireNonNegative("max_objects", maxObjects);
    requireNonNegative("max_upload_bytes", maxUploadBytes);
    if (maxBuckets < 1 || maxBuckets > 1000) {
      throw new InvalidInputException("invalid_limits", "max_buckets must be between 1 and 1000");
    }
    allowedContentTypes =
        allowedContentTypes == null
            ? List.of()
            : allowedContentTypes.stream().map(t -> t.trim().toLowerCase(Locale.ROOT)).toList();
    for (String t : allowedContentTypes) {
      if (!t.matches("[a-z0-9.+-]+/([a-z0-9.+-]+|\\*)")) {
        throw new InvalidInputException(
            "invalid_limits", "allowed_content_types has an invalid media type: " + t);
      }
    }
  }

  private static void requireNonNegative(String field, Long v) {
    if (v != null && v < 0) {
      throw new InvalidInputException("invalid_limits", field + " must not be negative");
    }
  }

  /** Whether {@code contentType} (possibly with parameters) is allowed. */
  public boolean allows(String contentType) {
    if (allowedContentTypes.isEmpty()) {
      return true;
    }
    String base = ContentTypes.base(contentType);
    for (String allowed : allowedContentTypes) {
      if (allowed.equals(base)) {
        return true;
      }
      if (allowed.endsWith("/*")
          && base.startsWith(allowed.substring(0, allowed.length() - 1))) {
        return true;
      }
    }
    return false;
  }
}
