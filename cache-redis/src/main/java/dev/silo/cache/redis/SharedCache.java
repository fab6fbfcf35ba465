package dev.silo.cache.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The few operations {@link CachingMetadataStore} needs from a cache shared by every node. Every
 * method is best effort: when the cache is unreachable it answers "not there" ({@code null}) and
 * does nothing, so that callers fall through to the database without a branch of their own.
 */
public interface SharedCache extends AutoCloseable {

  /** The values of {@code keys}, in order, {@code null} for a missing key or when unreachable. */
  List<byte[]> get(List<String> keys);

  /** Stores each entry for {@code ttl}. */
  void put(Map<String, byte[]> entries, Duration ttl);

  /**
   * Increments each counter. A counter that does not exist yet starts from a value no earlier
   * counter of that name had (the time in microseconds), so that losing a counter (eviction, a
   * restart) never revives entries cached under an old value.
   */
  void bump(List<String> counters);

  /** Creates the counter as {@link #bump} would if it does not exist; never increments it. */
  void init(String counter);

  @Override
  default void close() {}

  /** No cache at all: every lookup misses and nothing is stored (the default without Redis). */
  SharedCache NONE =
      new SharedCache() {
        @Override
        public List<byte[]> get(List<String> keys) {
          return java.util.Arrays.asList(new byte[keys.size()][]);
        }

        @Override
        public void put(Map<String, byte[]> entries, Duration ttl) {}

        @Override
        public void bump(List<String> counters) {}

        @Override
        public void init(String counter) {}
      };
}
