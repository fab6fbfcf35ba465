package dev.silo.core.auth;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Bounds the audit rows that failed authentications write, so that a flood of bad credentials
 * cannot flood the audit table, nor keep the metadata store's writer busy: in each minute, at most
 * {@code perSource} rows per source address and {@code total} in all. The failures left out are
 * counted, and the count is written as one summary row with the first failure of a later minute.
 */
public final class FailureAuditLimiter {
  /** Sources tracked per minute; past this, new sources share the {@code total} budget only. */
  static final int MAX_SOURCES = 10_000;

  private final int perSource;
  private final int total;
  private final Clock clock;
  private final Map<String, Integer> bySource = new HashMap<>();
  private long minute = Long.MIN_VALUE;
  private int admitted;
  private long suppressed;

  /** What one failure writes: its own row or not, and a summary of earlier suppressed failures. */
  public record Decision(boolean record, long suppressedBefore) {}

  public FailureAuditLimiter(int perSource, int total, Clock clock) {
    if (perSource < 1 || total < perSource) {
      throw new IllegalArgumentException("need 1 <= perSource <= total, not " + perSource + " and " + total);
    }
    this.perSource = perSource;
    this.total = total;
    this.clock = clock;
  }

  public synchronized Decision admit(String source) {
    long now = Math.floorDiv(clock.millis(), 60_000L);
    long carried = 0;
    if (now != minute) {
      carried = suppressed;
      suppressed = 0;
      admitted = 0;
      bySource.clear();
      minute = now;
    }
    String key = source == null ? "" : source;
    int n = bySource.containsKey(key) || bySource.size() < MAX_SOURCES ? bySource.merge(key, 1, Integer::sum) : 1;
    boolean record = n <= perSource && admitted < total;
    if (record) {
      admitted++;
    } else {
      suppressed++;
    }
    return new Decision(record, carried);
  }
}
