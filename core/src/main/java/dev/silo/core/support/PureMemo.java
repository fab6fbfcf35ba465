package dev.silo.core.support;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers the answers of a pure function (same argument, same answer, forever), for functions
 * that are costly and called on every request with few distinct arguments: the S3 secret of an
 * access key id, the SigV4 signing key of a secret and a day. It holds at most {@code capacity}
 * answers and forgets them all when full, which keeps it bounded without bookkeeping per entry; a
 * forgotten answer is computed again. Only for functions of what the process already holds: caching
 * something looked up (a revocation, a row) would make it stale.
 */
public final class PureMemo<K, V> {
  private final ConcurrentHashMap<K, V> answers = new ConcurrentHashMap<>();
  private final Function<K, V> function;
  private final int capacity;

  public PureMemo(int capacity, Function<K, V> function) {
    this.capacity = capacity;
    this.function = function;
  }

  public V get(K argument) {
    V known = answers.get(argument);
    if (known != null) {
      return known;
    }
    V computed = function.apply(argument);
    if (answers.size() >= capacity) {
      answers.clear();
    }
    answers.put(argument, computed);
    return computed;
  }

  int size() {
    return answers.size();
  }
}
