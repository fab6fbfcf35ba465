package dev.silo.core.tenant;

import dev.silo.core.error.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Which page of the operator's tenant list to read: the tenants whose slug starts with {@code
 * prefix} (null: all), after the page that ended at {@code cursor} (null: the first page), at most
 * {@code limit}. The cursor is the last slug of the page before, so a tenant created or deleted
 * between two pages neither shifts nor repeats the rest.
 */
public record TenantQuery(String prefix, String cursor, int limit) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;
  private static final Pattern SLUG_TEXT = Pattern.compile("[a-z0-9-]{0,40}");

  public TenantQuery {
    if (prefix != null && !SLUG_TEXT.matcher(prefix).matches()) {
      throw new InvalidInputException("invalid_parameter", "prefix must be up to 40 of a-z, 0-9 and -");
    }
    if (cursor != null && !SLUG_TEXT.matcher(cursor).matches()) {
      throw new InvalidInputException("invalid_cursor", "cursor must be a next_cursor of this list");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidInputException("invalid_limit", "limit must be between 1 and " + MAX_LIMIT);
    }
    prefix = prefix == null || prefix.isEmpty() ? null : prefix;
    cursor = cursor == null || cursor.isEmpty() ? null : cursor;
  }
}
