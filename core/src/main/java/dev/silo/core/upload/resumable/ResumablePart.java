package dev.silo.core.upload.resumable;

import dev.silo.core.domain.BlobName;

/**
 * A blob that holds committed bytes {@code start}..{@code start+size-1} of an upload: a chunk of
 * its own on a store that neither appends nor assembles, or, on one that assembles (S3), the tail
 * that does not fill a part yet.
 */
public record ResumablePart(long start, long size, BlobName blob) {}
