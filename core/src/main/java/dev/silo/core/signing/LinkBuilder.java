package dev.silo.core.signing;

import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectKey;

/** Builds the absolute URL a signed token is used at; the protocol layer knows the public base. */
@FunctionalInterface
public interface LinkBuilder {
  String objectUrl(BucketName bucket, ObjectKey key, String token);
}
