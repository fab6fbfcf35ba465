package dev.silo.core.content;

import dev.silo.core.error.InvalidInputException;

/**
 * How much of an object a preview may read ({@code maxBytes}, from storage and after
 * decompression alike) and how many sample rows it returns.
 */
public record PreviewLimits(int maxBytes, int maxRows) {
  public static final int DEFAULT_MAX_BYTES = 262_144;
  public static final int DEFAULT_MAX_ROWS = 100;
  public static final int MAX_BYTES_LIMIT = 16 * 1024 * 1024;
  public static final int MAX_ROWS_LIMIT = 10_000;

  public PreviewLimits {
    if (maxBytes < 1 || maxBytes > MAX_BYTES_LIMIT) {
      throw new InvalidInputException("invalid_parameter", "max_bytes must be between 1 and " + MAX_BYTES_LIMIT);
    }
    if (maxRows < 0 || maxRows > MAX_ROWS_LIMIT) {
      throw new InvalidInputException("invalid_parameter", "max_rows must be between 0 and " + MAX_ROWS_LIMIT);
    }
  }

  /** The limits a client asked for, defaults where it asked for nothing. */
  public static PreviewLimits of(Long maxBytes, Long maxRows) {
    return new PreviewLimits(
        (int) clamp(maxBytes == null ? DEFAULT_MAX_BYTES : maxBytes),
        (int) clamp(maxRows == null ? DEFAULT_MAX_ROWS : maxRows));
  }

  /** Out-of-int values become out-of-range ones, so the constructor names the parameter. */
  private static long clamp(long v) {
    return Math.max(-1, Math.min(v, Integer.MAX_VALUE));
  }
}
