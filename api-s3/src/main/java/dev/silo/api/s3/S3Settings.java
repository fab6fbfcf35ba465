package dev.silo.api.s3;

import dev.silo.http.Cors;
import dev.silo.http.Transport;
import java.util.Locale;
import java.util.Set;

/**
 * How the S3 endpoint listens and reads requests. {@code baseDomain} (may be null) turns on
 * virtual-host addressing: {@code <bucket>.<baseDomain>}. {@code X-Forwarded-Host} is believed
 * only from {@code trustedProxies}. {@code transport} says whether the port speaks HTTPS.
 * {@code sigV2} accepts the legacy Signature V2 beside V4. {@code cors} is the origins browsers may
 * call from (the REST port's, {@code SILO_CORS_ORIGINS}): presigned URLs used by a page.
 */
public record S3Settings(
    String host, int port, String baseDomain, String region, Set<String> trustedProxies, Transport transport, boolean sigV2,
    // SILO_ENCRYPTION: new objects are encrypted at rest, which GetBucketEncryption reports as SSE-S3
    boolean encryption,
    Cors cors) {
  public S3Settings(String host, int port, String baseDomain, String region, Set<String> trustedProxies) {
    this(host, port, baseDomain, region, trustedProxies, Transport.PLAIN, true, true, Cors.none());
  }

  public S3Settings(
      String host, int port, String baseDomain, String region, Set<String> trustedProxies, Transport transport, boolean sigV2) {
    this(host, port, baseDomain, region, trustedProxies, transport, sigV2, true, Cors.none());
  }

  public S3Settings {
    transport = transport == null ? Transport.PLAIN : transport;
    baseDomain = baseDomain == null || baseDomain.isBlank() ? null : baseDomain.strip().toLowerCase(Locale.ROOT);
    region = region == null || region.isBlank() ? "us-east-1" : region;
    trustedProxies = trustedProxies == null ? Set.of() : Set.copyOf(trustedProxies);
    cors = cors == null ? Cors.none() : cors;
  }
}
