package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The standard HTTP headers an object keeps from its upload and serves on every GET and HEAD:
 * {@code Cache-Control}, {@code Content-Disposition}, {@code Content-Encoding}, {@code
 * Content-Language}, {@code Expires}. Each is absent (null) or a header value of visible ASCII,
 * spaces and tabs: no CR or LF can split a response, and a non-ASCII file name travels as RFC 8187
 * ({@code filename*=UTF-8''...}). Together they have their own limit of {@link #MAX_TOTAL_BYTES},
 * apart from the user metadata's, so that a response's headers stay well within what servers and
 * clients accept. {@code Expires} is kept as sent, as S3 does.
 */
public record StandardHeaders(
    String cacheControl, String contentDisposition, String contentEncoding, String contentLanguage, String expires) {
  /** The HTTP names, in the order of the components (before NONE: its construction reads them). */
  public static final List<String> NAMES =
      List.of("Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language", "Expires");

  public static final int MAX_TOTAL_BYTES = 2048;
  public static final StandardHeaders NONE = new StandardHeaders(null, null, null, null, null);

  public StandardHeaders {
    cacheControl = checked(NAMES.get(0), cacheControl);
    contentDisposition = checked(NAMES.get(1), contentDisposition);
    contentEncoding = checked(NAMES.get(2), contentEncoding);
    contentLanguage = checked(NAMES.get(3), contentLanguage);
    expires = checked(NAMES.get(4), expires);
    int total = length(cacheControl) + length(contentDisposition) + length(contentEncoding)
        + length(contentLanguage) + length(expires);
    if (total > MAX_TOTAL_BYTES) {
      throw new InvalidInputException(
          "metadata_too_large", "the standard headers (Cache-Control, Content-Disposition, Content-Encoding,"
              + " Content-Language, Expires) are larger than 2 KiB together");
    }
  }

  /** From values in the order of {@link #NAMES}, each null when absent. */
  public static StandardHeaders of(List<String> values) {
    if (values.size() != NAMES.size()) {
      throw new IllegalArgumentException("expected " + NAMES.size() + " values");
    }
    return new StandardHeaders(values.get(0), values.get(1), values.get(2), values.get(3), values.get(4));
  }

  /** The values in the order of {@link #NAMES}, each null when absent. */
  public List<String> values() {
    return Arrays.asList(cacheControl, contentDisposition, contentEncoding, contentLanguage, expires);
  }

  public boolean isEmpty() {
    return values().stream().allMatch(Objects::isNull);
  }

  private static int length(String value) {
    return value == null ? 0 : value.length();
  }

  private static String checked(String name, String value) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    if (v.isEmpty()) {
      return null;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if ((c < 0x20 && c != '\t') || c > 0x7e) {
        throw new InvalidInputException(
            "invalid_header", name + " must be visible ASCII without line breaks (RFC 8187 encodes other characters)");
      }
    }
    return v;
  }
}
