package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.util.regex.Pattern;

/**
 * A logical bucket name, by S3's rules: 3–63 characters of lower-case letters, digits, dots and
 * hyphens, starting and ending with a letter or digit, no two adjacent dots, not an IP address.
 * Unique within a tenant only.
 */
public record BucketName(String value) {
  /** Four dot-separated runs of digits: checked only for a name of nothing but digits and dots. */
  private static final Pattern IP = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

  public BucketName {
    if (!valid(value)) {
      throw new InvalidInputException(
          "invalid_bucket_name", "bucket name breaks S3's naming rules");
    }
  }

  /**
   * [a-z0-9][a-z0-9.-]{1,61}[a-z0-9], without "..", ".-" or "-.", not an IP address and not
   * starting with "xn--"; a loop, as every row read back names its bucket.
   */
  private static boolean valid(String value) {
    if (value == null || value.length() < 3 || value.length() > 63) {
      return false;
    }
    int last = value.length() - 1;
    if (!NameChars.lowerAlphanumeric(value.charAt(0)) || !NameChars.lowerAlphanumeric(value.charAt(last))) {
      return false;
    }
    boolean digitsAndDots = true;
    char previous = 0;
    for (int i = 0; i <= last; i++) {
      char c = value.charAt(i);
      boolean separator = c == '.' || c == '-';
      if (!separator && !NameChars.lowerAlphanumeric(c)) {
        return false;
      }
      if (separator && (previous == '.' || (previous == '-' && c == '.'))) {
        return false; // "..", ".-" or "-."
      }
      digitsAndDots &= c == '.' || (c >= '0' && c <= '9');
      previous = c;
    }
    return !(digitsAndDots && IP.matcher(value).matches()) && !value.startsWith("xn--");
  }

  @Override
  public String toString() {
    return value;
  }
}
