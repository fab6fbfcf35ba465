package dev.silo.core.domain;

import java.util.Objects;

/**
 * Where one tenant's blobs live in the backend: a container (a backend bucket, or a directory on
 * the filesystem) and a prefix inside it (empty in bucket-per-tenant mode, {@code
 * tenants/<tenant-id>/} in prefix mode). Computed by Silo from configuration, never by a client.
 */
public record StorageSpace(String container, String prefix) {
  public StorageSpace {
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(prefix, "prefix");
    if (!container.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException("invalid storage container name");
    }
    if (!prefix.isEmpty() && !prefix.matches("([a-z0-9-]+/)+")) {
      throw new IllegalArgumentException("invalid storage prefix");
    }
  }
}
