package dev.silo.core.spi;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Optional capability of a store: URLs a client uses to reach the backend directly. */
public interface Presigner {
  record PresignedRequest(URI url, String method, Map<String, String> headers) {}

  PresignedRequest presignGet(StorageSpace space, BlobName name, Duration ttl, String fileName);

  /** As above, and the response carries {@code contentType} (blobs themselves store none). */
  default PresignedRequest presignGet(
      StorageSpace space, BlobName name, Duration ttl, String fileName, String contentType) {
    return presignGet(space, name, ttl, fileName);
  }

  PresignedRequest presignPut(StorageSpace space, BlobName name, Duration ttl, String contentType);
}
