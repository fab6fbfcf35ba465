package dev.silo.server.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte counts as people write them: {@code 1048576}, {@code 512KiB}, {@code 10G} (binary, like
 * {@code 10GiB}) or {@code 5GB} (decimal).
 */
final class ByteSize {
  private static final Pattern FORMAT =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?)(b?)", Pattern.CASE_INSENSITIVE);
  private static final String UNITS = "kmgtp";

  private ByteSize() {}

  static long parse(String text) {
    Matcher m = FORMAT.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size: write bytes, or a number with KiB, MiB, GiB, TiB (or KB, MB, GB, TB)");
    }
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    if (unit.isEmpty() && m.group(3).isEmpty() && !m.group(1).contains(".")) {
      try {
        return Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' is too large");
      }
    }
    boolean decimal = !unit.isEmpty() && m.group(3).isEmpty() && !m.group(4).isEmpty();
    if (unit.isEmpty() && !m.group(3).isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' is not a size");
    }
    double base = decimal ? 1000 : 1024;
    double value = Double.parseDouble(m.group(1)) * Math.pow(base, UNITS.indexOf(unit) + 1);
    if (value >= Long.MAX_VALUE) {
      throw new IllegalArgumentException("'" + text + "' is too large");
    }
    if (unit.isEmpty() && m.group(1).contains(".")) {
      throw new IllegalArgumentException("'" + text + "' is not a whole number of bytes");
    }
    return (long) value;
  }

  /** A short human form: {@code 512 B}, {@code 1.5 KiB}, {@code 10.0 GiB}. */
  static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < UNITS.length() - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %ciB", value, Character.toUpperCase(UNITS.charAt(unit)));
  }
}
