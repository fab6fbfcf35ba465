package dev.silo.store.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach an S3-compatible backend. Built once from configuration; validates itself so that
 * a bad value stops start-up with a message naming the variable.
 *
 * @param endpoint the service URL, or null for AWS S3 (the SDK derives it from the region)
 * @param region signing region ({@code auto} for Cloudflare R2)
 * @param accessKey access key id, or null to use the SDK's default credential chain (AWS roles)
 * @param secretKey secret access key, null exactly when {@code accessKey} is
 * @param pathStyle {@code https://host/bucket/key} instead of {@code https://bucket.host/key}
 * @param verifyTls false trusts any certificate and host name: only for local development
 * @param connectTimeout bound on opening a TCP/TLS connection
 * @param readTimeout bound on waiting for bytes from an open connection (a hung backend)
 * @param maxAttempts attempts per call, including the first; retries back off with jitter on
 *     5xx, throttling and connection errors
 * @param maxConnections connection pool size; requests beyond it wait for a free connection
 * @param partSize multipart part size, which is also the most one upload buffers in memory
 * @param provisioning whether Silo creates a missing bucket or requires the operator to have
 *     made it
 */
public record S3StoreSettings(
    URI endpoint,
    String region,
    String accessKey,
    String secretKey,
    boolean pathStyle,
    boolean verifyTls,
    Duration connectTimeout,
    Duration readTimeout,
    int maxAttempts,
    int maxConnections,
    int partSize,
    Provisioning provisioning) {

  /** S3's minimum part size (all parts but the last). */
  public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

  /** Kept well below S3's 5 GiB so that one upload never pins a huge buffer. */
  public static final int MAX_PART_SIZE = 512 * 1024 * 1024;

  public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

  /** {@code SILO_BUCKET_PROVISIONING}. */
  public enum Provisioning {
    /** Silo creates a tenant's bucket when the tenant is created (and the shared bucket). */
    CREATE,
    /** The bucket must already exist; tenant creation fails with a message naming it. */
    REQUIRE
  }

  public S3StoreSettings {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(provisioning, "provisioning");
    if (endpoint != null && !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
      throw new IllegalArgumentException(
          "SILO_STORAGE_S3_ENDPOINT must be an http:// or https:// URL, not '" + endpoint + "'");
    }
    if (region.isBlank()) {
      throw new IllegalArgumentException("SILO_STORAGE_S3_REGION must not be empty");
    }
    if ((accessKey == null) != (secretKey == null)) {
      throw new IllegalArgumentException(
          "SILO_STORAGE_S3_ACCESS_KEY_ID and SILO_STORAGE_S3_SECRET_ACCESS_KEY must be set together");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()
        || readTimeout.isNegative() || readTimeout.isZero()) {
      throw new IllegalArgumentException("S3 timeouts must be positive");
    }
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw new IllegalArgumentException("SILO_STORAGE_S3_MAX_ATTEMPTS must be between 1 and 20");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("SILO_STORAGE_S3_MAX_CONNECTIONS must be at least 1");
    }
    if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
      throw new IllegalArgumentException(
          "SILO_STORAGE_S3_PART_SIZE must be between 5 MiB and 512 MiB, not " + partSize);
    }
  }

  /** Defaults for everything but where the backend is and who we are. */
  public static S3StoreSettings of(URI endpoint, String region, String accessKey, String secretKey) {
    return new S3StoreSettings(
        endpoint, region, accessKey, secretKey, endpoint != null, true,
        Duration.ofSeconds(5), Duration.ofSeconds(30), 3, 128, DEFAULT_PART_SIZE,
        Provisioning.CREATE);
  }

  public S3StoreSettings withTimeouts(Duration connect, Duration read) {
    return new S3StoreSettings(endpoint, region, accessKey, secretKey, pathStyle, verifyTls,
        connect, read, maxAttempts, maxConnections, partSize, provisioning);
  }

  public S3StoreSettings withMaxAttempts(int attempts) {
    return new S3StoreSettings(endpoint, region, accessKey, secretKey, pathStyle, verifyTls,
        connectTimeout, readTimeout, attempts, maxConnections, partSize, provisioning);
  }

  public S3StoreSettings withProvisioning(Provisioning p) {
    return new S3StoreSettings(endpoint, region, accessKey, secretKey, pathStyle, verifyTls,
        connectTimeout, readTimeout, maxAttempts, maxConnections, partSize, p);
  }

  @Override
  public String toString() {
    // never print the secret
    return "S3StoreSettings[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle
        + ", verifyTls=" + verifyTls + ", provisioning=" + provisioning + "]";
  }
}
