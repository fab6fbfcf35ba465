package dev.silo.core.object;

import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.error.RangeNotSatisfiableException;

/**
 * A single byte range as a client asked for it: {@code first-last}, {@code first-} or a suffix
 * {@code -n}, and its {@code If-Range} condition if any. Resolved against the object's size only
 * once the object is known.
 */
public record RangeRequest(Long first, Long last, Long suffix, IfRange ifRange) {

  public RangeRequest(Long first, Long last, Long suffix) {
    this(first, last, suffix, null);
  }

  /** This range, served only while {@code condition} holds (null: always). */
  public RangeRequest onlyIf(IfRange condition) {
    return new RangeRequest(first, last, suffix, condition);
  }

  /** False when If-Range says the client's copy is stale: the whole object is sent instead. */
  boolean appliesTo(ObjectInfo current) {
    return ifRange == null || ifRange.holds(current);
  }

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
