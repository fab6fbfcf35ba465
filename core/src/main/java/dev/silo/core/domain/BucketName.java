package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.util.regex.Pattern;

/**
 * A logical bucket name, by S3's rules: 3–63 characters of lower-case letters, digits, dots and
 * hyphens, starting and ending with a letter or digit, no two adjacent dots, not an IP address.
 * Unique within a tenant only.
 */
public record BucketName(String value) {
  private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

  public BucketName {
    if (value == null
        || !FORMAT.matcher(value).matches()
        || value.contains("..")
        || value.contains(".-")
        || value.contains("-.")
        || IP.matcher(value).matches()
        || value.startsWith("xn--")) {
      throw new InvalidInputException(
          "invalid_bucket_name", "bucket name breaks S3's naming rules");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
