package dev.silo.core.object;

import dev.silo.core.domain.ByteRange;
import dev.silo.core.error.RangeNotSatisfiableException;

/**
 * A single byte range as a client asked for it: {@code first-last}, {@code first-} or a suffix
 * {@code -n}. Resolved against the object's size only once the object is known.
 */
public record RangeRequest(Long first, Long last, Long suffix) {

  /** The range to serve, or null for the whole object (an empty object has no range). */
  ByteRange resolve(long size) {
    if (suffix != null) {
      if (suffix == 0 || size == 0) {
        throw unsatisfiable();
      }
      return new ByteRange(Math.max(0, size - suffix), size - 1);
    }
    if (first >= size) {
      throw unsatisfiable();
    }
    long end = last == null ? size - 1 : Math.min(last, size - 1);
    return new ByteRange(first, end);
  }

  private static RangeNotSatisfiableException unsatisfiable() {
    return new RangeNotSatisfiableException("range_not_satisfiable", "the range does not fit the object");
  }
}
