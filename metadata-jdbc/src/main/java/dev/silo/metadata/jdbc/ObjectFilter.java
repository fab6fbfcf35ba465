package dev.silo.metadata.jdbc;

import dev.silo.core.domain.LifecycleRule;
import dev.silo.core.domain.ObjectTags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Conditions on the object columns ({@code objects}, {@code object_versions}) that select the rows
 * a lifecycle rule covers, as SQL to append after a {@code WHERE} and its parameters.
 */
record ObjectFilter(String condition, List<Object> params) {
  /**
   * The keys under a prefix, as a range of {@code object_key} that both databases walk in an index
   * (LIKE they would not: keys compare by their bytes, and a prefix may hold {@code %} or {@code _});
   * {@code ""} is every key: no condition.
   */
  static ObjectFilter keysUnder(String prefix) {
    if (prefix.isEmpty()) {
      return new ObjectFilter("", List.of());
    }
    String above = upperBound(prefix);
    return above == null
        ? new ObjectFilter(" AND object_key >= ?", List.of(prefix))
        : new ObjectFilter(" AND object_key >= ? AND object_key < ?", List.of(prefix, above));
  }

  /**
   * What {@link LifecycleRule#covers} says, in SQL: the rule's prefix as a key range, its size
   * bounds, and each of its tags found in the row's stored tags, which are form-urlencoded (a tag
   * is its encoded pair between two {@code &}, the text's ends made {@code &} too; a row without
   * tags has none).
   */
  static ObjectFilter coveredBy(LifecycleRule rule, Dialect dialect) {
    ObjectFilter keys = keysUnder(rule.prefix());
    StringBuilder sql = new StringBuilder(keys.condition());
    List<Object> params = new ArrayList<>(keys.params());
    if (rule.sizeGreaterThan() != null) {
      sql.append(" AND size > ?");
      params.add(rule.sizeGreaterThan());
    }
    if (rule.sizeLessThan() != null) {
      sql.append(" AND size < ?");
      params.add(rule.sizeLessThan());
    }
    for (Map.Entry<String, String> tag : rule.tags().tags().entrySet()) {
      sql.append(" AND ").append(dialect.position("'&' || tags || '&'", "?")).append(" > 0");
      params.add("&" + new ObjectTags(Map.of(tag.getKey(), tag.getValue())).encode() + "&");
    }
    return new ObjectFilter(sql.toString(), List.copyOf(params));
  }

  /** {@code before}, this filter's parameters, then {@code after}: the arguments of a statement. */
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
