package dev.silo.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** One measured phase; latencies in nanoseconds, empty for single-operation phases. */
record Result(String name, int ops, long bytes, long nanos, long[] latencies) {

  double seconds() {
    return nanos / 1e9;
  }

  double mibPerSecond() {
    return bytes / (1024.0 * 1024.0) / seconds();
  }

  double opsPerSecond() {
    return ops / seconds();
  }

  /** The q-quantile (0..1) of the latencies in milliseconds, nearest rank. */
  double percentileMillis(double q) {
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
  }

  static String table(List<Result> results) {
    String format = "%-28s %6s %10s %9s %9s %9s %9s %9s%n";
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, format, "test", "ops", "bytes", "seconds", "MiB/s", "ops/s", "p50 ms", "p99 ms"));
    for (Result r : results) {
      boolean many = r.latencies.length > 1;
      out.append(
          String.format(
              Locale.ROOT,
              format,
              r.name,
              r.ops,
              human(r.bytes),
              String.format(Locale.ROOT, "%.2f", r.seconds()),
              String.format(Locale.ROOT, "%.1f", r.mibPerSecond()),
              many ? String.format(Locale.ROOT, "%.0f", r.opsPerSecond()) : "-",
              many ? String.format(Locale.ROOT, "%.2f", r.percentileMillis(0.50)) : "-",
              many ? String.format(Locale.ROOT, "%.2f", r.percentileMillis(0.99)) : "-"));
    }
    return out.toString();
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String units = "KMGT";
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length() - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %siB", v, units.charAt(u));
  }
}
