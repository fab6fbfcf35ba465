package dev.silo.core.spi;

import dev.silo.core.domain.ObjectInfo;
import java.time.Instant;
import java.util.Objects;

/**
 * A row of {@code object_versions}: a version that is no longer current, or a delete marker.
 * {@code object.version()} is its version (never {@link dev.silo.core.domain.Version#LEGACY}: a
 * row gets an id when it leaves the current table). A delete marker's object has size 0 and no
 * blob. {@code noncurrentSince}: when a newer version replaced it (a delete marker: when it was
 * written), what the sweeper's {@code noncurrent_days} counts from.
 */
public record StoredVersion(ObjectInfo object, boolean deleteMarker, Instant noncurrentSince) {
  public StoredVersion {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(object.version().id(), "version id");
    Objects.requireNonNull(noncurrentSince, "noncurrentSince");
  }

  public String versionId() {
    return object.version().id();
  }

  /** This row as a version listing reads it: its object {@linkplain ObjectInfo#listed listed}. */
  public StoredVersion listed() {
    return new StoredVersion(object.listed(), deleteMarker, noncurrentSince);
  }
}
