package dev.silo.core.domain;

/**
 * How a listing with a delimiter groups keys: a key in which the delimiter occurs after the
 * prefix falls under the common prefix that ends with that first occurrence, and the listing
 * shows the common prefix once, then continues past every key under it.
 */
public final class CommonPrefix {
  private CommonPrefix() {}

  /** The common prefix {@code key} falls under, or null when no {@code delimiter} follows {@code prefix} in it. */
  public static String of(String key, String prefix, String delimiter) {
    int cut = key.indexOf(delimiter, prefix.length());
    return cut < 0 ? null : key.substring(0, cut + delimiter.length());
  }

  /**
   * The least string after every string that starts with {@code prefix}: the prefix with its last
   * code point incremented, which sorts after all of them in code point (and so UTF-8) order.
   */
  public static String past(String prefix) {
    int last = prefix.codePointBefore(prefix.length());
    return prefix.substring(0, prefix.length() - Character.charCount(last)) + Character.toString(last + 1);
  }
}
