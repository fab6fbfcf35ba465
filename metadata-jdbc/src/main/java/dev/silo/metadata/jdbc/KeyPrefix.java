package dev.silo.metadata.jdbc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The keys under a prefix as a range of {@code object_key}, which both databases walk in an index
 * (LIKE they would not: keys compare by their bytes, and a prefix may hold {@code %} or {@code _}).
 */
record KeyPrefix(String condition, List<Object> params) {
  /** {@code ""} is every key: no condition. */
  static KeyPrefix of(String prefix) {
    if (prefix.isEmpty()) {
      return new KeyPrefix("", List.of());
    }
    String above = upperBound(prefix);
    return above == null
        ? new KeyPrefix(" AND object_key >= ?", List.of(prefix))
        : new KeyPrefix(" AND object_key >= ? AND object_key < ?", List.of(prefix, above));
  }

  /** {@code before}, this range's parameters, then {@code after}: the arguments of a statement. */
  Object[] around(List<Object> before, Object... after) {
    List<Object> all = new ArrayList<>(before);
    all.addAll(params);
    all.addAll(Arrays.asList(after));
    return all.toArray();
  }

  /**
   * The least string above every string starting with {@code prefix}: its last code point
   * incremented (UTF-8 orders bytes as code points), or null when every code point is the last.
   */
  static String upperBound(String prefix) {
    int[] points = prefix.codePoints().toArray();
    for (int i = points.length - 1; i >= 0; i--) {
      if (points[i] < Character.MAX_CODE_POINT) {
        int next = points[i] + 1 == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : points[i] + 1;
        int[] head = Arrays.copyOf(points, i + 1);
        head[i] = next;
        return new String(head, 0, head.length);
      }
    }
    return null;
  }
}
