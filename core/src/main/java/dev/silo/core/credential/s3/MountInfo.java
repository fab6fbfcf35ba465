package dev.silo.core.credential.s3;

import java.time.Instant;

/**
 * What an S3 client needs besides a credential: the tenant, its default bucket, the endpoint and
 * region, and whether (and since when) the tenant has an active S3 credential.
 */
public record MountInfo(
    String tenant, String bucket, String endpoint, String region, boolean hasCredentials, Instant credentialsCreatedAt) {}
