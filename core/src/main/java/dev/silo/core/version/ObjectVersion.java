package dev.silo.core.version;

import dev.silo.core.domain.ObjectInfo;

/**
 * One version of a key as clients see it: the object (a delete marker has size 0 and no
 * content), whether it is a delete marker, and whether it is the key's newest version ({@code
 * latest}: the current object, or the delete marker that hides it). {@link #versionId()} is the
 * id on the wire ({@code "null"} for the null version): S3's {@code VersionId}, REST's {@code
 * version_id}.
 */
public record ObjectVersion(ObjectInfo object, boolean deleteMarker, boolean latest) {
  public String versionId() {
    return object.version().wire();
  }
}
