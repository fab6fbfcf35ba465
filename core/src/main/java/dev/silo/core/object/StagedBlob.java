package dev.silo.core.object;

import dev.silo.core.domain.BlobName;

/** A blob fully written and durable, not yet referenced by any object. */
public record StagedBlob(BlobName name, long size, String sha256, String md5, long intentId) {}
