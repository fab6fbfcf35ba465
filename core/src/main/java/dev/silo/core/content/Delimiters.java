package dev.silo.core.content;

import java.util.HashMap;
import java.util.Map;

/**
 * Picks the field delimiter among {@code , ; TAB |}: the one whose count per record (outside
 * quotes) is the most consistent over the first records, then the more frequent. Ties go to
 * {@code ;}, TAB and {@code |} before {@code ,}, since a {@code ;} file with decimal commas has
 * as many commas as semicolons on every data line.
 */
final class Delimiters {
  static final char[] CANDIDATES = {';', '\t', '|', ','};
  private static final int SAMPLE_RECORDS = 50;

  private Delimiters() {}

  static char detect(String text, char fallback) {
    int[][] counts = new int[CANDIDATES.length][SAMPLE_RECORDS];
    int records = 0;
    boolean quoted = false;
    boolean content = false;
    for (int i = 0; i < text.length() && records < SAMPLE_RECORDS; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == '\n' || c == '\r')) {
        if (content) {
          records++;
        }
        content = false;
        continue;
      } else if (!quoted) {
        for (int k = 0; k < CANDIDATES.length; k++) {
          if (c == CANDIDATES[k]) {
            counts[k][records]++;
          }
        }
      }
      content = true;
    }
    if (content && records < SAMPLE_RECORDS) {
      records++;
    }
    char best = fallback;
    double bestConsistency = 0;
    int bestMode = 0;
    for (int k = 0; k < CANDIDATES.length; k++) {
      Map<Integer, Integer> histogram = new HashMap<>();
      for (int r = 0; r < records; r++) {
        histogram.merge(counts[k][r], 1, Integer::sum);
      }
      int mode = 0;
      int modeRecords = 0;
      for (var e : histogram.entrySet()) {
        if (e.getKey() > 0 && (e.getValue() > modeRecords || e.getValue() == modeRecords && e.getKey() > mode)) {
          mode = e.getKey();
          modeRecords = e.getValue();
        }
      }
      if (mode == 0) {
        continue;
      }
      double consistency = (double) modeRecords / records;
      if (consistency > bestConsistency + 1e-9 || Math.abs(consistency - bestConsistency) < 1e-9 && mode > bestMode) {
        best = CANDIDATES[k];
        bestConsistency = consistency;
        bestMode = mode;
      }
    }
    return bestConsistency >= 0.5 ? best : fallback;
  }

  static String wire(char c) {
    return c == '\t' ? "\t" : String.valueOf(c);
  }
}
