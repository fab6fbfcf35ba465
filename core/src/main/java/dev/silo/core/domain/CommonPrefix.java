package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;

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
   * The least string after every string that starts with {@code prefix}, in code point (and so
   * UTF-8) order: the prefix with its last code point incremented, skipping the surrogates, which
   * no key holds; a last code point of U+10FFFF is dropped and the one before it incremented. A
   * prefix of nothing but U+10FFFF has no such string: a 400, as a listing cannot go past it.
   */
  public static String past(String prefix) {
    String head = prefix;
    while (!head.isEmpty()) {
      int last = head.codePointBefore(head.length());
      head = head.substring(0, head.length() - Character.charCount(last));
      if (last < Character.MAX_CODE_POINT) {
        int next = last + 1 == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : last + 1;
        return head + Character.toString(next);
      }
    }
    throw new InvalidInputException("invalid_prefix", "a listing cannot continue past a prefix of U+10FFFF characters");
  }
}
