package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.util.Comparator;

/**
 * A logical object key: UTF-8, 1–1024 bytes, no leading {@code /}, no {@code .} or {@code ..}
 * segment, no empty segment, no control characters, no backslash. Keys never reach the storage
 * layout, but rejecting traversal here keeps every protocol honest.
 */
public record ObjectKey(String value) {
  public static final int MAX_BYTES = 1024;

  /**
   * Keys (and key prefixes) in the order listings keep them and both databases sort them: by code
   * point, which is the order of their UTF-8 bytes. {@link String#compareTo} differs from it for
   * characters past U+FFFF.
   */
  public static final Comparator<String> ORDER = ObjectKey::compareCodePoints;

  public ObjectKey {
    if (value == null || value.isEmpty()) {
      throw invalid("key must not be empty");
    }
    if (utf8Length(value) > MAX_BYTES) {
      throw invalid("key is longer than 1024 bytes");
    }
    if (value.charAt(0) == '/') {
      throw invalid("key must not start with /");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\' || (c >= 0x80 && c < 0xa0)) {
        throw invalid("key must not contain control characters or backslashes");
      }
      if (Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c)
              && i + 1 < value.length()
              && Character.isLowSurrogate(value.charAt(++i)))) {
        throw invalid("key is not valid UTF-8");
      }
    }
    for (int start = 0, i = 0; i <= value.length(); i++) {
      if (i == value.length() || value.charAt(i) == '/') {
        int length = i - start;
        if ((length == 1 || length == 2) && value.charAt(start) == '.' && value.charAt(i - 1) == '.') {
          throw invalid("key must not contain . or .. segments");
        }
        start = i + 1;
      }
    }
    if (value.contains("//")) {
      throw invalid("key must not contain empty segments");
    }
  }

  /**
   * The length of {@code value} in UTF-8, as {@code getBytes(UTF_8)} would make it (a lone
   * surrogate becomes one replacement byte) without making it: every key read back is checked.
   */
  private static int utf8Length(String value) {
    int bytes = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        bytes += 1;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static InvalidInputException invalid(String message) {
    return new InvalidInputException("invalid_key", message);
  }

  /** The last segment, used as a download file name. */
  public String fileName() {
    int slash = value.lastIndexOf('/', value.length() - 2);
    return value.substring(slash + 1);
  }

  @Override
  public String toString() {
    return value;
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
