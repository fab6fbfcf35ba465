package dev.silo.core.content;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which columns a forecasting user would call the timestamp, the target and the item id. Names
 * decide first (the vocabulary of forecasting tools: {@code ds}, {@code y}, {@code unique_id},
 * {@code sales}, {@code load}…), the shape of the data second.
 */
final class Roles {
  private static final List<String> TIMESTAMP_NAMES =
      List.of("ds", "timestamp", "datetime", "date", "time", "period", "day", "week", "month", "ts");
  private static final List<String> ITEM_NAMES =
      List.of("unique_id", "item_id", "series_id", "sku", "item", "product_id", "product", "series", "id",
          "store_id", "store", "location_id", "location", "site", "meter_id", "meter", "customer_id", "region");
  private static final List<String> TARGET_NAMES =
      List.of("target", "y", "sales", "value", "load", "demand", "quantity", "qty", "units", "volume", "amount",
          "revenue", "consumption", "count", "price", "close");
  private static final Pattern ID_LIKE = Pattern.compile("^(?i:id)$|.*(?i:[_ -]id)$|.*[a-z]Id$");

  /** Column profile as the analyzer built it. */
  record Profile(String name, ColumnKind kind, int distinct, int nonEmpty) {}

  record Chosen(Integer timestamp, Integer target, Integer item) {}

  private Roles() {}

  static Chosen choose(List<Profile> columns, int rows, boolean timestampsRepeat) {
    Integer ts = timestamp(columns);
    Integer item = item(columns, ts, rows, timestampsRepeat);
    Integer target = target(columns, ts, item);
    return new Chosen(ts, target, item);
  }

  private static Integer timestamp(List<Profile> columns) {
    Integer best = null;
    int bestRank = Integer.MAX_VALUE;
    for (int i = 0; i < columns.size(); i++) {
      Profile p = columns.get(i);
      if (!p.kind().type().temporal()) {
        continue;
      }
      int rank = rank(TIMESTAMP_NAMES, p.name(), 100);
      if (rank < bestRank) {
        best = i;
        bestRank = rank;
      }
    }
    return best;
  }

  private static Integer item(List<Profile> columns, Integer ts, int rows, boolean timestampsRepeat) {
    Integer best = null;
    int bestRank = Integer.MAX_VALUE;
    for (int i = 0; i < columns.size(); i++) {
      Profile p = columns.get(i);
      var type = p.kind().type();
      if (ts != null && i == ts || !(type == ColumnType.STRING || type == ColumnType.INTEGER)) {
        continue;
      }
      // an identifier of series repeats: a column whose every value is distinct names rows, not series
      boolean repeats = p.distinct() < p.nonEmpty() && p.distinct() >= 1;
      if (!repeats) {
        continue;
      }
      int rank = rank(ITEM_NAMES, p.name(), -1);
      if (rank < 0 && p.name() != null && ID_LIKE.matcher(p.name()).matches()) {
        rank = ITEM_NAMES.size();
      }
      if (rank < 0 && type == ColumnType.STRING && timestampsRepeat && p.distinct() > 1 && p.distinct() <= Math.max(1, rows / 2)) {
        rank = ITEM_NAMES.size() + 1 + i;
      }
      if (rank >= 0 && rank < bestRank) {
        best = i;
        bestRank = rank;
      }
    }
    return best;
  }

  private static Integer target(List<Profile> columns, Integer ts, Integer item) {
    Set<Integer> excluded = new HashSet<>();
    if (ts != null) {
      excluded.add(ts);
    }
    if (item != null) {
      excluded.add(item);
    }
    Integer named = null;
    int namedRank = Integer.MAX_VALUE;
    Integer last = null;
    for (int i = 0; i < columns.size(); i++) {
      Profile p = columns.get(i);
      if (excluded.contains(i) || !p.kind().type().numeric() || p.nonEmpty() == 0) {
        continue;
      }
      String n = p.name() == null ? "" : p.name().toLowerCase(Locale.ROOT);
      if (ID_LIKE.matcher(n).matches() || rank(ITEM_NAMES, n, -1) >= 0) {
        continue;
      }
      int rank = rank(TARGET_NAMES, n, -1);
      if (rank < 0) {
        for (int k = 0; k < TARGET_NAMES.size() && rank < 0; k++) {
          if (TARGET_NAMES.get(k).length() > 1 && n.contains(TARGET_NAMES.get(k))) {
            rank = TARGET_NAMES.size() + k;
          }
        }
      }
      if (rank >= 0 && rank < namedRank) {
        named = i;
        namedRank = rank;
      }
      last = i;
    }
    return named != null ? named : last;
  }

  /** The position of the name in the vocabulary, or {@code missing}. */
  private static int rank(List<String> vocabulary, String name, int missing) {
    if (name == null) {
      return missing;
    }
    int i = vocabulary.indexOf(name.trim().toLowerCase(Locale.ROOT));
    return i < 0 ? missing : i;
  }
}
