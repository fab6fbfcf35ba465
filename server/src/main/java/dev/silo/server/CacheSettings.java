package dev.silo.server;

import dev.silo.cache.redis.RedisSharedCache;
import dev.silo.cache.redis.SharedCache;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The optional metadata cache.
 *
 * @param redisUrl {@code SILO_REDIS_URL}: {@code redis://host:port[/db]}, or {@code rediss://} for
 *     TLS; unset, Silo runs uncached
 * @param trustedCertificates {@code SILO_REDIS_CA_CERT}: a PEM file of the CA certificates a
 *     {@code rediss://} server's certificate is checked against (default: the JVM's trust store);
 *     null when unset
 * @param ttl {@code SILO_REDIS_TTL}: how long an entry lives at most (the backstop for an
 *     invalidation lost while Redis was unreachable)
 * @param timeoutMillis {@code SILO_REDIS_TIMEOUT_MS}: one Redis command's limit; past it the
 *     request is served from the database
 */
public record CacheSettings(String redisUrl, java.nio.file.Path trustedCertificates, Duration ttl, long timeoutMillis) {

  static CacheSettings from(Map<String, String> s) {
    String url = s.get("SILO_REDIS_URL");
    long timeout;
    try {
      timeout = Long.parseLong(s.getOrDefault("SILO_REDIS_TIMEOUT_MS", "200").trim());
    } catch (NumberFormatException e) {
      timeout = -1;
    }
    if (timeout < 1 || timeout > 10_000) {
      throw new IllegalArgumentException("SILO_REDIS_TIMEOUT_MS must be between 1 and 10000");
    }
    Duration ttl = Durations.parse("SILO_REDIS_TTL", s.getOrDefault("SILO_REDIS_TTL", "30s"));
    if (ttl.isZero()) {
      throw new IllegalArgumentException("SILO_REDIS_TTL must be more than zero");
    }
    String redisUrl = url == null || url.isBlank() ? null : url.trim();
    String ca = s.get("SILO_REDIS_CA_CERT");
    java.nio.file.Path trusted = null;
    if (ca != null && !ca.isBlank()) {
      if (redisUrl == null || !redisUrl.startsWith("rediss://")) {
        throw new IllegalArgumentException("SILO_REDIS_CA_CERT is set but SILO_REDIS_URL is not a rediss:// URL");
      }
      trusted = java.nio.file.Path.of(ca.trim());
      if (!java.nio.file.Files.isReadable(trusted)) {
        throw new IllegalArgumentException("SILO_REDIS_CA_CERT: cannot read " + trusted);
      }
    }
    return new CacheSettings(redisUrl, trusted, ttl, timeout);
  }

  /** Redis when configured, else the cache that holds nothing. */
  SharedCache open(Clock clock) {
    return redisUrl == null
        ? SharedCache.NONE
        : RedisSharedCache.open(redisUrl, trustedCertificates, Duration.ofMillis(timeoutMillis), clock);
  }
}
