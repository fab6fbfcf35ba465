package dev.silo.core.upload;

import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.Category;

/** A request for a presigned upload; Silo, not the client, computes the key from it. */
public record UploadRequest(
    String filename, String contentType, Long size, Category category, BucketName bucket, Long ttlSeconds) {}
