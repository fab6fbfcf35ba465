package dev.silo.store.s3;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.Presigner;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * URLs that let a client GET or PUT a blob on the backend itself (SigV4 query signatures made
 * locally, no call to the backend). Used when {@code SILO_PRESIGN_MODE=direct}.
 */
final class S3BlobPresigner implements Presigner, AutoCloseable {
  private final S3Presigner presigner;

  S3BlobPresigner(S3Presigner presigner) {
    this.presigner = presigner;
  }

  @Override
  public PresignedRequest presignGet(StorageSpace space, BlobName name, Duration ttl, String fileName) {
    return presignGet(space, name, ttl, fileName, null);
  }

  @Override
  public PresignedRequest presignGet(
      StorageSpace space, BlobName name, Duration ttl, String fileName, String contentType) {
    var signed =
        presigner.presignGetObject(
            p -> p.signatureDuration(ttl)
                .getObjectRequest(
                    g -> {
                      g.bucket(space.container()).key(space.prefix() + name.value());
                      if (fileName != null) {
                        g.responseContentDisposition(contentDisposition(fileName));
                      }
                      if (contentType != null) {
                        g.responseContentType(contentType);
                      }
                    }));
    return toRequest(signed);
  }

  @Override
  public PresignedRequest presignPut(StorageSpace space, BlobName name, Duration ttl, String contentType) {
    var signed =
        presigner.presignPutObject(
            p -> p.signatureDuration(ttl)
                .putObjectRequest(
                    o -> {
                      o.bucket(space.container()).key(space.prefix() + name.value());
                      if (contentType != null) {
                        o.contentType(contentType);
                      }
                    }));
    return toRequest(signed);
  }

  private static PresignedRequest toRequest(
      software.amazon.awssdk.awscore.presigner.PresignedRequest signed) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> h : signed.signedHeaders().entrySet()) {
      if (!h.getKey().equalsIgnoreCase("host")) {
        headers.put(h.getKey(), String.join(",", h.getValue()));
      }
    }
    return new PresignedRequest(URI.create(signed.url().toString()), signed.httpRequest().method().name(), headers);
  }

  /** RFC 6266 with an ASCII fallback and the UTF-8 name percent-encoded. */
  static String contentDisposition(String fileName) {
    String ascii = fileName.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "_");
    String encoded = java.net.URLEncoder.encode(fileName, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }

  @Override
  public void close() {
    presigner.close();
  }
}
