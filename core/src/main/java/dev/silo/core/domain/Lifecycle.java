package dev.silo.core.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("id", r.id());
      f.put("enabled", r.enabled());
      f.put("prefix", r.prefix().isEmpty() ? null : r.prefix());
      f.put("expiration_days", r.expirationDays());
      f.put("expiration_date", r.expirationDate());
      f.put("expired_object_delete_marker", r.expiredObjectDeleteMarker() ? true : null);
      f.put("noncurrent_days", r.noncurrentDays());
      f.put("abort_incomplete_days", r.abortIncompleteDays());
      f.put("tags", r.tags().encode());
      f.put("size_greater_than", r.sizeGreaterThan());
      f.put("size_less_than", r.sizeLessThan());
      lines.add(FormFields.encode(f));
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
      FormFields.decode(line).forEach(e -> f.put(e.getKey(), e.getValue()));
      rules.add(new LifecycleRule(
          f.get("id"),
          Boolean.parseBoolean(f.getOrDefault("enabled", "true")),
          f.getOrDefault("prefix", ""),
          integer(f.get("expiration_days")),
          f.containsKey("expiration_date") ? LocalDate.parse(f.get("expiration_date")) : null,
          Boolean.parseBoolean(f.get("expired_object_delete_marker")),
          integer(f.get("noncurrent_days")),
          integer(f.get("abort_incomplete_days")),
          ObjectTags.parse(f.get("tags")),
          f.containsKey("size_greater_than") ? Long.valueOf(f.get("size_greater_than")) : null,
          f.containsKey("size_less_than") ? Long.valueOf(f.get("size_less_than")) : null));
    }
    return new Lifecycle(rules);
  }

  private static Integer integer(String s) {
    return s == null ? null : Integer.valueOf(s);
  }
}
