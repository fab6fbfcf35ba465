package dev.silo.server;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as settings write them: {@code 90s}, {@code 15m}, {@code 24h}, {@code 7d}. */
final class Durations {
  private static final Pattern FORMAT = Pattern.compile("(\\d+)(s|m|h|d)");

  private Durations() {}

  static Duration parse(String setting, String value) {
    Matcher m = FORMAT.matcher(value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(setting + " must be a duration like 90s, 15m, 24h or 7d, not '" + value + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
