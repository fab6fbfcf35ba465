package dev.silo.core.upload.resumable;

import dev.silo.core.domain.BlobName;

/** One committed chunk of an upload stored as parts: bytes {@code start}..{@code start+size-1}. */
public record ResumablePart(long start, long size, BlobName blob) {}
