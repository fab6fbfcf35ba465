package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;

/**
 * A logical object key: UTF-8, 1–1024 bytes, no leading {@code /}, no {@code .} or {@code ..}
 * segment, no empty segment, no control characters, no backslash. Keys never reach the storage
 * layout, but rejecting traversal here keeps every protocol honest.
 */
public record ObjectKey(String value) {
  public static final int MAX_BYTES = 1024;

  public ObjectKey {
    if (value == null || value.isEmpty()) {
      throw invalid("key must not be empty");
    }
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw invalid("key is longer than 1024 bytes");
    }
    if (value.startsWith("/")) {
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
    for (String segment : value.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        throw invalid("key must not contain . or .. segments");
      }
    }
    if (value.contains("//")) {
      throw invalid("key must not contain empty segments");
    }
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
}
