package dev.silo.core.domain;

/**
 * Character checks of the names Silo makes and reads back on every row (ids, blob names, bucket
 * names, tenant and key ids): loops rather than regular expressions, which cost a matcher per name, a fifth of the
 * mapping of a 1,000-row listing page.
 */
final class NameChars {
  private NameChars() {}

  /** Whether {@code value} is {@code prefix} followed by {@code min}–{@code max} characters of [a-z0-9]. */
  static boolean prefixedLowerAlphanumeric(String value, String prefix, int min, int max) {
    if (value == null || !value.startsWith(prefix)) {
      return false;
    }
    int length = value.length() - prefix.length();
    return length >= min && length <= max && lowerAlphanumeric(value, prefix.length(), value.length());
  }

  /** Whether every character of {@code value} in {@code [from, to)} is in [a-z0-9]. */
  static boolean lowerAlphanumeric(String value, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!lowerAlphanumeric(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean lowerAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
