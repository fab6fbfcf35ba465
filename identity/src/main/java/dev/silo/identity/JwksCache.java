package dev.silo.identity;

import com.nimbusds.jose.jwk.JWKSet;
import dev.silo.core.support.OutboundGuard;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The key sets of JWKS URLs. A set is fetched on first use and kept for {@code maxAge}; a token
 * signed with a key id the cached set lacks (the provider rotated its keys) triggers a refetch,
 * but at most once per {@code minRefreshInterval} per URL, so a flood of tokens with made-up key
 * ids cannot turn Silo into a client hammering the provider.
 */
final class JwksCache {
  private static final int MAX_BYTES = 512 * 1024;

  private record Entry(JWKSet keys, Instant fetchedAt) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastFetch = new ConcurrentHashMap<>();
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final HttpClient http;
  private final OutboundGuard guard;
  private final Clock clock;
  private final Duration maxAge;
  private final Duration minRefreshInterval;

  JwksCache(OutboundGuard guard, Clock clock, Duration maxAge, Duration minRefreshInterval) {
    this.guard = guard;
    this.clock = clock;
    this.maxAge = maxAge;
    this.minRefreshInterval = minRefreshInterval;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The cached set, fetched when absent or older than {@code maxAge}. */
  JWKSet get(String url) {
    Entry e = entries.get(url);
    if (e != null && e.fetchedAt().plus(maxAge).isAfter(clock.instant())) {
      return e.keys();
    }
    return fetch(url, e, true).orElseThrow(() -> new KeySourceUnavailable("the JWKS could not be fetched"));
  }

  /** A fresher set after an unknown key id, or empty when the last fetch was too recent. */
  Optional<JWKSet> refresh(String url) {
    return fetch(url, entries.get(url), false);
  }

  private Optional<JWKSet> fetch(String url, Entry seen, boolean mustHave) {
    ReentrantLock lock = locks.computeIfAbsent(url, u -> new ReentrantLock());
    lock.lock();
    try {
      Entry now = entries.get(url);
      if (now != null && now != seen) {
        return Optional.of(now.keys()); // another thread fetched while this one waited
      }
      Instant last = lastFetch.get(url);
      Instant t = clock.instant();
      if (last != null && last.plus(minRefreshInterval).isAfter(t) && !(mustHave && now == null)) {
        return mustHave && now != null ? Optional.of(now.keys()) : Optional.empty();
      }
      lastFetch.put(url, t);
      JWKSet keys = download(url);
      entries.put(url, new Entry(keys, t));
      return Optional.of(keys);
    } finally {
      lock.unlock();
    }
  }

  private JWKSet download(String url) {
    try {
      URI uri = guard.check(url);
      HttpRequest request =
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header("Accept", "application/json").GET().build();
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        if (response.statusCode() != 200) {
          throw new KeySourceUnavailable("the JWKS URL answered " + response.statusCode());
        }
        byte[] body = in.readNBytes(MAX_BYTES + 1);
        if (body.length > MAX_BYTES) {
          throw new KeySourceUnavailable("the JWKS is too large");
        }
        return JWKSet.parse(new String(body, StandardCharsets.UTF_8));
      }
    } catch (IOException | ParseException | RuntimeException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw e instanceof KeySourceUnavailable k ? k : new KeySourceUnavailable("the JWKS could not be fetched: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeySourceUnavailable("interrupted while fetching the JWKS");
    }
  }

  /** The provider's keys could not be had; the token is refused (401), never trusted. */
  static final class KeySourceUnavailable extends RuntimeException {
    KeySourceUnavailable(String message) {
      super(message, null, false, false);
    }
  }
}
