package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.util.regex.Pattern;

/**
 * The human-chosen name of a tenant: {@code [a-z0-9-]{3,40}}, the first part of its API keys and
 * the name of its default bucket. It must also start and end with a letter or digit, because the
 * default bucket is named after it and S3's bucket rules demand that.
 */
public record TenantSlug(String value) {
  private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{1,38}[a-z0-9]");

  public TenantSlug {
    if (value == null || !FORMAT.matcher(value).matches() || value.startsWith("xn--")) {
      throw new InvalidInputException(
          "invalid_slug", "slug must be 3 to 40 of a-z, 0-9 and -, starting and ending with a letter or digit");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
