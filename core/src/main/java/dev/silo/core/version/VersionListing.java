package dev.silo.core.version;

import java.util.List;

/**
 * One page of a version listing: versions and delete markers in key order, newest first within a
 * key; the common prefixes (with a delimiter); the cursor of the next page, or null when this is
 * the last. {@code lastKey} and {@code lastVersionId} are where this page ended (the last entry's
 * key and wire version id, or the last common prefix and null), which is S3's {@code
 * NextKeyMarker} and {@code NextVersionIdMarker} when the page is truncated.
 */
public record VersionListing(
    List<ObjectVersion> versions, List<String> prefixes, String nextCursor, String lastKey, String lastVersionId) {
  public boolean truncated() {
    return nextCursor != null;
  }
}
