package dev.silo.core.content;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The inferred type of one column and how to recognise its values: the narrowest type that every
 * non-empty value of the column fits, tried in the order boolean, integer (or epoch time, for a
 * column named like time), decimal, date/timestamp, string.
 */
record ColumnKind(ColumnType type, String format, TemporalFormat temporal) {
  static final ColumnKind STRING = new ColumnKind(ColumnType.STRING, null, null);
  static final String DECIMAL_COMMA = "decimal_comma";

  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(?i:nan|inf|infinity)");
  private static final Pattern COMMA_DECIMAL = Pattern.compile("[+-]?\\d+(,\\d+)?|[+-]?\\d{1,3}(\\.\\d{3})+(,\\d+)?");
  private static final Set<String> BOOLEANS = Set.of("true", "false", "yes", "no");
  private static final Pattern TIME_NAME = Pattern.compile("(?i).*(time|date|epoch|^ts$|_ts$|_at$|^t$|^ds$).*");

  boolean accepts(String v) {
    return switch (type) {
      case STRING -> true;
      case BOOLEAN -> BOOLEANS.contains(v.toLowerCase(Locale.ROOT));
      case INTEGER -> INTEGER.matcher(v).matches();
      case DECIMAL ->
          DECIMAL_COMMA.equals(format) ? COMMA_DECIMAL.matcher(v).matches() : DECIMAL.matcher(v).matches();
      case DATE, TIMESTAMP -> temporal.accepts(v);
    };
  }

  /** Parses a numeric value of this column, or null. */
  Double number(String v) {
    try {
      if (DECIMAL_COMMA.equals(format)) {
        return Double.parseDouble(v.replace(".", "").replace(',', '.'));
      }
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The kind of a column from its non-empty, trimmed values. {@code decimalComma}: the file uses
   * {@code ;} (or tab) as delimiter, where {@code 12,5} is a decimal.
   */
  static ColumnKind infer(String name, List<String> values, boolean decimalComma) {
    if (values.isEmpty()) {
      return STRING;
    }
    if (all(values, v -> BOOLEANS.contains(v.toLowerCase(Locale.ROOT)))) {
      return new ColumnKind(ColumnType.BOOLEAN, null, null);
    }
    if (all(values, v -> INTEGER.matcher(v).matches())) {
      if (name != null && TIME_NAME.matcher(name).matches() || sortedEpoch(values)) {
        for (TemporalFormat f : List.of(TemporalFormat.EPOCH_SECONDS, TemporalFormat.EPOCH_MILLIS)) {
          if (all(values, f::accepts)) {
            return new ColumnKind(ColumnType.TIMESTAMP, f.name(), f);
          }
        }
      }
      return new ColumnKind(ColumnType.INTEGER, null, null);
    }
    if (all(values, v -> DECIMAL.matcher(v).matches())) {
      return new ColumnKind(ColumnType.DECIMAL, null, null);
    }
    if (decimalComma && all(values, v -> COMMA_DECIMAL.matcher(v).matches())) {
      return new ColumnKind(ColumnType.DECIMAL, DECIMAL_COMMA, null);
    }
    for (TemporalFormat f : TemporalFormat.ALL) {
      if (all(values, f::accepts)) {
        return new ColumnKind(f.type(), f.name(), f);
      }
    }
    return STRING;
  }

  /** Ten-digit integers in 2000–2100, ascending: a timestamp column without a telling name. */
  private static boolean sortedEpoch(List<String> values) {
    if (values.size() < 3 || !all(values, TemporalFormat.EPOCH_SECONDS::accepts)) {
      return false;
    }
    for (int i = 1; i < values.size(); i++) {
      if (Long.parseLong(values.get(i)) < Long.parseLong(values.get(i - 1))) {
        return false;
      }
    }
    return true;
  }

  private static boolean all(List<String> values, java.util.function.Predicate<String> p) {
    for (String v : values) {
      if (!p.test(v)) {
        return false;
      }
    }
    return true;
  }
}
