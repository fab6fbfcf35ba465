package dev.silo.core.content;

import java.io.InputStream;
import java.util.Optional;

/**
 * Transformed images by content address (a hash of the tenant, the source's SHA-256, the
 * canonical transform and the engine). Bounded: an implementation evicts what it must to stay
 * under its size. Consulted only after the caller has been authorized for the source.
 */
public interface TransformCache {
  /** A cached result: its bytes as a stream the caller closes, and its length. */
  record Entry(InputStream body, long length) {}

  Optional<Entry> get(String address);

  void put(String address, byte[] bytes);

  /** A cache that keeps nothing. */
  TransformCache NONE =
      new TransformCache() {
        @Override
        public Optional<Entry> get(String address) {
          return Optional.empty();
        }

        @Override
        public void put(String address, byte[] bytes) {}
      };
}
