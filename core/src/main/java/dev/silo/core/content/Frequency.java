package dev.silo.core.content;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Infers the frequency of a time series from its sorted unique timestamps (per item when there is
 * an item column), in pandas' aliases: {@code 15min}, {@code H}, {@code D}, {@code W}, {@code MS}
 * (month start), {@code M} (month end), {@code QS}/{@code Q}, {@code YS}/{@code Y}, or a multiple
 * such as {@code 5min} or {@code 2H}. Each interval between consecutive timestamps is either a
 * whole number of calendar months (both ends on the first or both on the last day of a month, at
 * the same time of day) or a number of seconds. The most common interval wins when it, together
 * with its multiples (missing values), explains at least 90% of the intervals and alone at least
 * half of them; otherwise the series is irregular and the frequency is null.
 */
final class Frequency {
  static final double ACCEPT = 0.9;

  /** The result: alias (null when irregular), confidence in 0..1, and the evidence used. */
  record Inferred(String alias, double confidence, Map<String, Object> evidence) {}

  private record Step(boolean months, long amount) {
    boolean divides(Step other) {
      return other.months == months && other.amount % amount == 0;
    }
  }

  private Frequency() {}

  static Inferred infer(Collection<? extends Collection<LocalDateTime>> series) {
    Map<Step, Integer> histogram = new HashMap<>();
    int intervals = 0;
    boolean allMonthStart = true;
    boolean allMonthEnd = true;
    int usable = 0;
    for (Collection<LocalDateTime> raw : series) {
      List<LocalDateTime> ts = new ArrayList<>(new TreeSet<>(raw));
      if (ts.size() < 2) {
        continue;
      }
      usable++;
      for (LocalDateTime t : ts) {
        allMonthStart &= t.getDayOfMonth() == 1;
        allMonthEnd &= t.getDayOfMonth() == t.toLocalDate().lengthOfMonth();
      }
      for (int i = 1; i < ts.size(); i++) {
        histogram.merge(step(ts.get(i - 1), ts.get(i)), 1, Integer::sum);
        intervals++;
      }
    }
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("series", usable);
    evidence.put("intervals", intervals);
    if (intervals < 2) {
      evidence.put("reason", "fewer than three distinct timestamps per series");
      return new Inferred(null, 0, evidence);
    }
    Step modal = null;
    int modalCount = 0;
    for (var e : histogram.entrySet()) {
      if (e.getValue() > modalCount || e.getValue() == modalCount && e.getKey().amount() < modal.amount()) {
        modal = e.getKey();
        modalCount = e.getValue();
      }
    }
    int gaps = 0;
    for (var e : histogram.entrySet()) {
      if (!e.getKey().equals(modal) && modal.divides(e.getKey())) {
        gaps += e.getValue();
      }
    }
    double exact = (double) modalCount / intervals;
    double explained = (double) (modalCount + gaps) / intervals;
    evidence.put("modal_interval", describe(modal));
    evidence.put("modal_share", round(exact));
    evidence.put("gaps", gaps);
    evidence.put("distinct_intervals", histogram.size());
    double confidence = round(Math.min(exact + (explained - exact) / 2, 1.0));
    if (explained < ACCEPT || exact < 0.5) {
      evidence.put("reason", "intervals are irregular");
      return new Inferred(null, confidence, evidence);
    }
    return new Inferred(alias(modal, allMonthStart, allMonthEnd), confidence, evidence);
  }

  private static Step step(LocalDateTime a, LocalDateTime b) {
    boolean sameTime = a.toLocalTime().equals(b.toLocalTime());
    boolean monthAligned =
        a.getDayOfMonth() == b.getDayOfMonth() && a.getDayOfMonth() == 1
            || a.getDayOfMonth() == a.toLocalDate().lengthOfMonth() && b.getDayOfMonth() == b.toLocalDate().lengthOfMonth();
    if (sameTime && monthAligned) {
      long months = ChronoUnit.MONTHS.between(a.withDayOfMonth(1), b.withDayOfMonth(1));
      if (months >= 1) {
        return new Step(true, months);
      }
    }
    return new Step(false, ChronoUnit.SECONDS.between(a, b));
  }

  private static String alias(Step s, boolean monthStart, boolean monthEnd) {
    if (s.months()) {
      String anchor = monthStart ? "S" : "";
      if (!monthStart && !monthEnd) {
        return null;
      }
      if (s.amount() % 12 == 0) {
        return multiple(s.amount() / 12, "Y" + anchor);
      }
      if (s.amount() % 3 == 0) {
        return multiple(s.amount() / 3, "Q" + anchor);
      }
      return multiple(s.amount(), "M" + anchor);
    }
    long sec = s.amount();
    if (sec % 604_800 == 0) {
      return multiple(sec / 604_800, "W");
    }
    if (sec % 86_400 == 0) {
      return multiple(sec / 86_400, "D");
    }
    if (sec % 3_600 == 0) {
      return multiple(sec / 3_600, "H");
    }
    if (sec % 60 == 0) {
      return multiple(sec / 60, "min");
    }
    return multiple(sec, "s");
  }

  private static String multiple(long n, String unit) {
    return n == 1 ? unit : n + unit;
  }

  private static String describe(Step s) {
    return s.months() ? s.amount() + (s.amount() == 1 ? " month" : " months") : s.amount() + " s";
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
