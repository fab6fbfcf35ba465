package dev.silo.core.auth;

import dev.silo.core.spi.CredentialWatch;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The live credentials this node has read (an API key or S3 access key with its tenant), kept so
 * that a request does not read them again (a statement per request). Kept only while the metadata
 * store {@linkplain CredentialWatch#hearing hears} every revocation and tenant change of every
 * process that writes it (SQLite: this one alone; a PostgreSQL store never says it hears), forgotten
 * at each before the change's commit returns, and for {@link #TTL} at most besides.
 *
 * <p>A read that a change overtakes is not kept: each entry is kept only if no change came
 * between the moment its read began and the moment it was stored, so a lookup that raced a
 * revocation cannot put the credential back after the revocation cleared it. Only credentials
 * that were found are kept; an unknown key is read every time, so guessing fills nothing.
 */
public final class LiveCredentials implements CredentialWatch {
  /** How long an entry is kept at most, whatever the store hears. */
  public static final Duration TTL = Duration.ofSeconds(10);
  /** Entries kept at most; when full, all are forgotten (a node serves far fewer keys at once). */
  static final int MAX_ENTRIES = 10_000;

  private record Entry(Object live, Instant expires) {}

  private final InstantSource clock;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong changes = new AtomicLong();
  private volatile boolean hearing;

  public LiveCredentials(InstantSource clock) {
    this.clock = clock;
  }

  /**
   * The credential under {@code key}: kept, or read with {@code read} (and kept if found, while
   * the store hears and nothing changed meanwhile).
   */
  @SuppressWarnings("unchecked")
  <T> Optional<T> find(String key, Supplier<Optional<T>> read) {
    if (hearing) {
      Entry kept = entries.get(key);
      if (kept != null && clock.instant().isBefore(kept.expires())) {
        return Optional.of((T) kept.live());
      }
    }
    long before = changes.get();
    boolean heard = hearing;
    Optional<T> found = read.get();
    if (found.isPresent() && heard && changes.get() == before) {
      if (entries.size() >= MAX_ENTRIES) {
        entries.clear();
      }
      Entry entry = new Entry(found.get(), clock.instant().plus(TTL));
      entries.put(key, entry);
      // a change between the check and the put has cleared the map before the put: undo it
      if (changes.get() != before) {
        entries.remove(key, entry);
      }
    }
    return found;
  }

  @Override
  public void changed() {
    changes.incrementAndGet();
    entries.clear();
  }

  @Override
  public void hearing(boolean hearing) {
    if (hearing) {
      changed();
      this.hearing = true;
    } else {
      this.hearing = false;
      changed();
    }
  }

  /** How many credentials are kept now, for tests. */
  int size() {
    return entries.size();
  }
}
