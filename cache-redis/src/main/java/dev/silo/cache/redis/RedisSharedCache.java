package dev.silo.cache.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SharedCache} on Redis through Lettuce. Every command has a short deadline; a failure
 * makes the cache skip Redis for a moment (so a hung Redis costs one deadline, not one per
 * request) and is logged at most once a minute. Silo starts even when Redis is down: the
 * connection is retried lazily.
 */
public final class RedisSharedCache implements SharedCache {
  private static final Logger LOG = LoggerFactory.getLogger(RedisSharedCache.class);
  private static final Duration LOG_EVERY = Duration.ofMinutes(1);
  private static final Duration BACK_OFF = Duration.ofSeconds(1);
  private static final Duration CONNECT = Duration.ofSeconds(2);
  private static final String TLS_HINT =
      " (rediss://: the port must serve TLS, and its certificate be trusted: SILO_REDIS_CA_CERT or the JVM's trust store)";

  private final RedisClient client;
  private final Duration timeout;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final RedisURI uri;
  private volatile StatefulRedisConnection<String, byte[]> connection;
  private volatile boolean connecting;
  private volatile Instant skipUntil = Instant.MIN;
  private volatile Instant lastLogged = Instant.MIN;

  private RedisSharedCache(RedisClient client, RedisURI uri, Duration timeout, Clock clock) {
    this.client = client;
    this.uri = uri;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** A cache on {@code url} ({@code redis://host:port[/db]}); never fails for an unreachable Redis. */
  public static RedisSharedCache open(String url, Duration timeout, Clock clock) {
    return open(url, null, timeout, clock);
  }

  /**
   * Like {@link #open(String, Duration, Clock)}; over {@code rediss://} the server's certificate is
   * checked against {@code trustedCertificates} (a PEM file of CA certificates) when it is not
   * null, else against the JVM's default trust store.
   */
  public static RedisSharedCache open(String url, java.nio.file.Path trustedCertificates, Duration timeout, Clock clock) {
    RedisURI uri = RedisURI.create(url);
    // the URI's timeout bounds the connection's set-up (a TLS handshake, HELLO), which runs in the
    // background and on a cold JVM takes longer than a command may; commands keep their deadline
    uri.setTimeout(timeout.compareTo(CONNECT) > 0 ? timeout : CONNECT);
    RedisClient client = RedisClient.create();
    ClientOptions.Builder options = ClientOptions.builder();
    if (trustedCertificates != null) {
      options.sslOptions(io.lettuce.core.SslOptions.builder().jdkSslProvider().trustManager(trustedCertificates.toFile()).build());
    }
    client.setOptions(
        options
            .autoReconnect(true)
            // fail at once while disconnected instead of queueing until the deadline
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            // connecting runs in the background (see commands()): a cold JVM needs more than a command
            .socketOptions(SocketOptions.builder().connectTimeout(CONNECT).build())
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .build());
    RedisSharedCache cache = new RedisSharedCache(client, uri, timeout, clock);
    cache.commands();
    return cache;
  }

  @Override
  public List<byte[]> get(List<String> keys) {
    RedisAsyncCommands<String, byte[]> redis = commands();
    if (redis != null && !keys.isEmpty()) {
      try {
        List<KeyValue<String, byte[]>> values =
            redis.mget(keys.toArray(String[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<byte[]> out = new ArrayList<>(values.size());
        values.forEach(kv -> out.add(kv.hasValue() ? kv.getValue() : null));
        return out;
      } catch (Exception e) {
        failed(e);
      }
    }
    return Arrays.asList(new byte[keys.size()][]);
  }

  @Override
  public void put(Map<String, byte[]> entries, Duration ttl) {
    RedisAsyncCommands<String, byte[]> redis = commands();
    if (redis == null || entries.isEmpty()) {
      return;
    }
    SetArgs args = SetArgs.Builder.px(ttl.toMillis());
    List<RedisFuture<?>> sent = new ArrayList<>();
    entries.forEach((k, v) -> sent.add(redis.set(k, v, args)));
    await(sent);
  }

  @Override
  public void bump(List<String> counters) {
    RedisAsyncCommands<String, byte[]> redis = commands(true);
    if (redis == null || counters.isEmpty()) {
      return;
    }
    byte[] start = start();
    List<RedisFuture<?>> sent = new ArrayList<>();
    for (String c : counters) {
      sent.add(redis.setnx(c, start));
      sent.add(redis.incr(c));
    }
    await(sent);
  }

  @Override
  public void init(String counter) {
    RedisAsyncCommands<String, byte[]> redis = commands();
    if (redis != null) {
      await(List.of(redis.setnx(counter, start())));
    }
  }

  private byte[] start() {
    Instant now = clock.instant();
    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    return Long.toString(micros).getBytes(StandardCharsets.US_ASCII);
  }

  private void await(List<RedisFuture<?>> sent) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (RedisFuture<?> f : sent) {
        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (Exception e) {
      failed(e);
    }
  }

  /**
   * The commands, or null while Redis is away or still being connected to. Connecting never
   * blocks a request: it runs in the background, and is retried a few seconds after it failed;
   * once connected, Lettuce reconnects by itself.
   */
  private RedisAsyncCommands<String, byte[]> commands() {
    return commands(false);
  }

  /**
   * @param invalidation a generation bump: tried whenever there is a connection, even while
   *     reads skip Redis after a failure, because a bump skipped on a Redis that is merely slow
   *     would let other nodes serve old entries until they expire
   */
  private RedisAsyncCommands<String, byte[]> commands(boolean invalidation) {
    StatefulRedisConnection<String, byte[]> c = connection;
    if (c != null) {
      return !invalidation && clock.instant().isBefore(skipUntil) ? null : c.async();
    }
    if (clock.instant().isBefore(skipUntil) || !lock.tryLock()) {
      return null;
    }
    try {
      if (connection == null && !connecting) {
        connecting = true;
        client
            .connectAsync(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), uri)
            .whenComplete(
                (made, error) -> {
                  if (error != null) {
                    failed(error instanceof Exception e ? e : new RuntimeException(error), uri.isSsl() ? TLS_HINT : "");
                    skipUntil = clock.instant().plusSeconds(5);
                  } else {
                    made.setTimeout(timeout);
                    connection = made;
                    LOG.info("metadata cache: connected to Redis");
                  }
                  connecting = false;
                });
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  private void failed(Exception e) {
    failed(e, "");
  }

  private void failed(Exception e, String hint) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    Instant now = clock.instant();
    skipUntil = now.plus(BACK_OFF);
    if (now.isAfter(lastLogged.plus(LOG_EVERY))) {
      lastLogged = now;
      // one line; the stack trace only for those who ask (SILO_LOG_LEVEL=DEBUG)
      LOG.warn("metadata cache: Redis failed, serving from the database uncached: {}{}", oneLine(e), hint);
      LOG.debug("metadata cache: Redis failure", e);
    }
  }

  /** The exception and its causes' messages, e.g. a TLS handshake failure under a connect failure. */
  private static String oneLine(Throwable e) {
    StringBuilder sb = new StringBuilder(e.toString());
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      sb.append(": ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
    }
    return sb.toString().replace('\n', ' ');
  }

  @Override
  public void close() {
    StatefulRedisConnection<String, byte[]> c = connection;
    if (c != null) {
      c.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
