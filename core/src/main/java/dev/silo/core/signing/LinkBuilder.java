package dev.silo.core.signing;

import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectKey;

/** Builds the absolute URL a signed token is used at; the protocol layer knows the public base. */
@FunctionalInterface
public interface LinkBuilder {
  String objectUrl(BucketName bucket, ObjectKey key, String token);

  /** The URL of one version of the key: the object's URL naming the version as {@code version_id}. */
  default String versionUrl(BucketName bucket, ObjectKey key, String token, String version) {
    String url = objectUrl(bucket, key, token);
    return url + (url.contains("?") ? "&" : "?") + "version_id=" + java.net.URLEncoder.encode(version, java.nio.charset.StandardCharsets.UTF_8);
  }
}
