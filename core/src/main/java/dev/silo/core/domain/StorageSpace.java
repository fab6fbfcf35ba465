package dev.silo.core.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where one tenant's blobs live in the backend: a container (a backend bucket, or a directory on
 * the filesystem) and a prefix inside it (empty in bucket-per-tenant mode, {@code
 * tenants/<tenant-id>/} in prefix mode). Computed by Silo from configuration, never by a client.
 */
public record StorageSpace(String container, String prefix) {
  private static final Pattern CONTAINER = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern PREFIX = Pattern.compile("([a-z0-9-]+/)+");

  public StorageSpace {
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(prefix, "prefix");
    if (!CONTAINER.matcher(container).matches()) {
      throw new IllegalArgumentException("invalid storage container name");
    }
    if (!prefix.isEmpty() && !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("invalid storage prefix");
    }
  }
}
