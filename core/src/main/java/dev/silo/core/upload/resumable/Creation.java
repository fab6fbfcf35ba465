package dev.silo.core.upload.resumable;

import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.Category;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.StandardHeaders;
import dev.silo.core.upload.FileNames;
import java.util.Map;

/**
 * What a creation asks for; {@code key} null means computed, {@code length} null deferred;
 * {@code metadata} and {@code headers} go to the object; {@code uploadMetadata} is TUS's
 * {@code Upload-Metadata} as the client sent it (null: none), which HEAD answers.
 */
public record Creation(
    BucketName bucket,
    ObjectKey key,
    String filename,
    String contentType,
    Category category,
    Long length,
    Map<String, String> metadata,
    StandardHeaders headers,
    String uploadMetadata) {
  public Creation(BucketName bucket, ObjectKey key, String filename, String contentType, Category category, Long length) {
    this(bucket, key, filename, contentType, category, length, null, null, null);
  }

  public Creation(
      BucketName bucket, ObjectKey key, String filename, String contentType, Category category, Long length,
      Map<String, String> metadata, StandardHeaders headers) {
    this(bucket, key, filename, contentType, category, length, metadata, headers, null);
  }

  public Creation {
    metadata = metadata == null ? Map.of() : metadata;
    headers = headers == null ? StandardHeaders.NONE : headers;
  }

  /** The key this creation names, or the one computed from its category, the object id and the file name. */
  ObjectKey keyFor(ObjectId objectId) {
    return key != null
        ? key
        : new ObjectKey(
            (category == null ? Category.RAW : category).wire() + "/" + objectId.value() + "/" + FileNames.sanitize(filename));
  }
}
