package dev.silo.core.domain;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A bucket's lifecycle rules, applied by the lifecycle sweeper. The REST API's {@code
 * noncurrent_days} is one of them: the rule {@value #NONCURRENT_DAYS}, which removes versions of
 * every key noncurrent for that long.
 */
public record Lifecycle(List<LifecycleRule> rules) {
  public static final Lifecycle NONE = new Lifecycle(List.of());

  /** The id of the rule the REST API's {@code noncurrent_days} sets. */
  public static final String NONCURRENT_DAYS = "noncurrent-days";

  /** The most rules a bucket has, as S3. */
  public static final int MAX_RULES = 1000;

  public Lifecycle {
    rules = List.copyOf(rules);
    if (rules.size() > MAX_RULES) {
      throw LifecycleRule.invalid("a bucket has at most " + MAX_RULES + " lifecycle rules");
    }
    Set<String> ids = new HashSet<>();
    for (LifecycleRule r : rules) {
      if (!ids.add(r.id())) {
        throw LifecycleRule.invalid("rule ids must be unique: " + r.id() + " is given twice");
      }
    }
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** The days of the {@value #NONCURRENT_DAYS} rule; null when the bucket has none. */
  public Integer noncurrentDays() {
    return rules.stream().filter(r -> r.id().equals(NONCURRENT_DAYS)).findFirst().map(LifecycleRule::noncurrentDays).orElse(null);
  }

  /** These rules with the {@value #NONCURRENT_DAYS} rule set to {@code days} (null: without it). */
  public Lifecycle withNoncurrentDays(Integer days) {
    List<LifecycleRule> out = new ArrayList<>(rules.stream().filter(r -> !r.id().equals(NONCURRENT_DAYS)).toList());
    if (days != null) {
      out.add(LifecycleRule.noncurrent(NONCURRENT_DAYS, days));
    }
    return new Lifecycle(out);
  }

  /** The rules the sweeper applies. */
  public List<LifecycleRule> enabled() {
    return rules.stream().filter(LifecycleRule::enabled).toList();
  }

  // ---------------------------------------------------------------- the stored form

  /**
   * The form the metadata store keeps (null for no rules): a line per rule, its fields
   * form-urlencoded, so that a field added later is a new name and an older row still reads.
   */
  public String encode() {
    if (rules.isEmpty()) {
      return null;
    }
    StringJoiner lines = new StringJoiner("\n");
    for (LifecycleRule r : rules) {
      StringJoiner f = new StringJoiner("&");
      field(f, "id", r.id());
      field(f, "enabled", r.enabled());
      if (!r.prefix().isEmpty()) {
        field(f, "prefix", r.prefix());
      }
      field(f, "expiration_days", r.expirationDays());
      field(f, "expiration_date", r.expirationDate());
      if (r.expiredObjectDeleteMarker()) {
        field(f, "expired_object_delete_marker", true);
      }
      field(f, "noncurrent_days", r.noncurrentDays());
      field(f, "abort_incomplete_days", r.abortIncompleteDays());
      lines.add(f.toString());
    }
    return lines.toString();
  }

  /** Reads {@link #encode}'s form; null or blank is no rules. */
  public static Lifecycle decode(String stored) {
    if (stored == null || stored.isBlank()) {
      return NONE;
    }
    List<LifecycleRule> rules = new ArrayList<>();
    for (String line : stored.split("\n")) {
      Map<String, String> f = new HashMap<>();
      for (String pair : line.split("&")) {
        int eq = pair.indexOf('=');
        f.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
      rules.add(new LifecycleRule(
          f.get("id"),
          Boolean.parseBoolean(f.getOrDefault("enabled", "true")),
          f.getOrDefault("prefix", ""),
          integer(f.get("expiration_days")),
          f.containsKey("expiration_date") ? LocalDate.parse(f.get("expiration_date")) : null,
          Boolean.parseBoolean(f.get("expired_object_delete_marker")),
          integer(f.get("noncurrent_days")),
          integer(f.get("abort_incomplete_days"))));
    }
    return new Lifecycle(rules);
  }

  private static void field(StringJoiner f, String name, Object value) {
    if (value != null) {
      f.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
    }
  }

  private static Integer integer(String s) {
    return s == null ? null : Integer.valueOf(s);
  }
}
