package dev.silo.core.domain;

import java.util.Map;

/**
 * A bucket's tags, S3's bucket tagging (cost allocation, ownership, environment): up to fifty
 * key-value pairs, each as an object's tag is ({@link ObjectTags}), set and read as a whole.
 */
public record BucketTags(Map<String, String> tags) {
  public static final BucketTags NONE = new BucketTags(Map.of());

  public static final int MAX_TAGS = 50;

  public BucketTags {
    tags = ObjectTags.checked(tags, MAX_TAGS, "a bucket");
  }

  public boolean isEmpty() {
    return tags.isEmpty();
  }

  /** The stored form, form-urlencoded as an object's; null for none. */
  public String encode() {
    return tags.isEmpty() ? null : FormFields.encode(tags);
  }

  public static BucketTags decode(String stored) {
    return stored == null || stored.isEmpty() ? NONE : new BucketTags(ObjectTags.decode(stored));
  }
}
