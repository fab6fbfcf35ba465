package dev.silo.server.encryption;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The units of recently read blobs, the least recently used forgotten first. */
final class Layouts {
  /**
   * A blob's identity at one size: a blob that grew (an appended upload) is another key; one cut
   * back is forgotten ({@link #forget}).
   */
  record Key(StorageSpace space, BlobName name, long storedSize) {}

  /** Remembered for a blob in plain text. */
  static final Units PLAIN = new Units(List.of(), 0);

  private final Map<Key, Units> held;

  Layouts(int max) {
    this.held =
        new LinkedHashMap<>(max, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Units> eldest) {
            return size() > max;
          }
        };
  }

  synchronized Units get(Key key) {
    return held.get(key);
  }

  synchronized void put(Key key, Units units) {
    held.put(key, units);
  }

  /** Forgets a blob at every size: it was cut back, so a size read before may come back different. */
  synchronized void forget(StorageSpace space, BlobName name) {
    held.keySet().removeIf(k -> k.name().equals(name) && k.space().equals(space));
  }
}
