package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Validation of Content-Type values as clients send them. */
public final class ContentTypes {
  public static final String DEFAULT = "application/octet-stream";
  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\\s*;.*)?");

  private ContentTypes() {}

  /** The value to store: the client's own (validated), or the default when absent. */
  public static String normalize(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return DEFAULT;
    }
    String t = contentType.trim();
    if (t.length() > 255 || !MEDIA_TYPE.matcher(t).matches() || hasControl(t)) {
      throw new InvalidInputException("invalid_content_type", "invalid Content-Type");
    }
    return t;
  }

  /** The media type without parameters, lower case. */
  public static String base(String contentType) {
    String t = contentType == null ? DEFAULT : contentType;
    int semi = t.indexOf(';');
    return (semi < 0 ? t : t.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }
}
