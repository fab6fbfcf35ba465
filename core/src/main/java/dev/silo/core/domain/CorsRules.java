package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A bucket's CORS configuration, as S3's {@code PutBucketCors} sets it: which pages (origins) may
 * call with which methods and request headers, which response headers they may read, and how long
 * a browser may keep a preflight's answer. Checked as S3 checks it: at most 100 rules, each with at
 * least one origin and one method of GET, PUT, POST, DELETE and HEAD (and PATCH, for TUS), at most
 * one {@code *} in an origin or a header. The first rule that matches a request answers it.
 */
public record CorsRules(List<Rule> rules) {
  public static final CorsRules NONE = new CorsRules(List.of());

  public static final int MAX_RULES = 100;
  /** S3's methods, and PATCH, which TUS appends chunks with (S3 never sends it). */
  private static final Set<String> METHODS = Set.of("GET", "PUT", "POST", "DELETE", "HEAD", "PATCH");
  private static final int MAX_ID = 255;
  private static final int MAX_TEXT = 1024;

  /** One rule: {@code id} may be null, {@code maxAgeSeconds} null for none. */
  public record Rule(String id, List<String> allowedOrigins, List<String> allowedMethods, List<String> allowedHeaders,
      List<String> exposeHeaders, Integer maxAgeSeconds) {
    public Rule {
      allowedOrigins = List.copyOf(allowedOrigins);
      allowedMethods = List.copyOf(allowedMethods);
      allowedHeaders = List.copyOf(allowedHeaders);
      exposeHeaders = List.copyOf(exposeHeaders);
      if (id != null && id.length() > MAX_ID) {
        throw invalid("a rule's ID is at most " + MAX_ID + " characters");
      }
      if (allowedOrigins.isEmpty() || allowedMethods.isEmpty()) {
        throw invalid("each rule needs at least one AllowedOrigin and one AllowedMethod");
      }
      for (String m : allowedMethods) {
        if (!METHODS.contains(m)) {
          throw invalid("AllowedMethod " + printable(m) + " is not one of GET, PUT, POST, DELETE, HEAD, PATCH");
        }
      }
      for (String o : allowedOrigins) {
        wildcardAtMostOnce(o, "AllowedOrigin");
      }
      for (String h : allowedHeaders) {
        wildcardAtMostOnce(h, "AllowedHeader");
      }
      for (String h : exposeHeaders) {
        if (h.isEmpty() || h.length() > MAX_TEXT || h.contains("*") || !h.chars().allMatch(CorsRules::tokenChar)) {
          throw invalid("ExposeHeader " + printable(h) + " is not a header name");
        }
      }
      if (maxAgeSeconds != null && maxAgeSeconds < 0) {
        throw invalid("MaxAgeSeconds must not be negative");
      }
    }

    /** Whether this rule lets a page of {@code origin} call with {@code method} and {@code requestHeaders}. */
    boolean allows(String origin, String method, List<String> requestHeaders) {
      if (!allowedMethods.contains(method) || allowedOrigins.stream().noneMatch(o -> matches(o, origin, false))) {
        return false;
      }
      return requestHeaders.stream().allMatch(h -> allowedHeaders.stream().anyMatch(a -> matches(a, h, true)));
    }

    /** What {@code Access-Control-Allow-Origin} says: {@code *} when the rule allows any origin, else the page's. */
    public String allowOrigin(String origin) {
      return allowedOrigins.contains("*") ? "*" : origin;
    }
  }

  public CorsRules {
    rules = List.copyOf(rules);
    if (rules.size() > MAX_RULES) {
      throw invalid("a CORS configuration has at most " + MAX_RULES + " rules");
    }
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * The rule that answers a request of a page of {@code origin} with {@code method} (a preflight's
   * {@code Access-Control-Request-Method}) and the headers a preflight says it will send; empty
   * when none allows it.
   */
  public Optional<Rule> match(String origin, String method, List<String> requestHeaders) {
    if (origin == null || origin.isEmpty()) {
      return Optional.empty();
    }
    String m = method.toUpperCase(Locale.ROOT);
    return rules.stream().filter(r -> r.allows(origin, m, requestHeaders)).findFirst();
  }

  /** The stored form: a rule per line, each form-urlencoded with a name per value; null for none. */
  public String encode() {
    if (rules.isEmpty()) {
      return null;
    }
    StringJoiner lines = new StringJoiner("\n");
    for (Rule r : rules) {
      StringJoiner fields = new StringJoiner("&");
      if (r.id() != null) {
        fields.add(FormFields.encode(Map.of("id", r.id())));
      }
      r.allowedOrigins().forEach(v -> fields.add(FormFields.encode(Map.of("origin", v))));
      r.allowedMethods().forEach(v -> fields.add(FormFields.encode(Map.of("method", v))));
      r.allowedHeaders().forEach(v -> fields.add(FormFields.encode(Map.of("header", v))));
      r.exposeHeaders().forEach(v -> fields.add(FormFields.encode(Map.of("expose", v))));
      if (r.maxAgeSeconds() != null) {
        fields.add("max_age=" + r.maxAgeSeconds());
      }
      lines.add(fields.toString());
    }
    return lines.toString();
  }

  public static CorsRules decode(String stored) {
    if (stored == null || stored.isEmpty()) {
      return NONE;
    }
    List<Rule> rules = new ArrayList<>();
    for (String line : stored.split("\n")) {
      Map<String, List<String>> f = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : FormFields.decode(line)) {
        f.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
      }
      List<String> id = f.getOrDefault("id", List.of());
      List<String> maxAge = f.getOrDefault("max_age", List.of());
      rules.add(new Rule(id.isEmpty() ? null : id.getFirst(), f.getOrDefault("origin", List.of()), f.getOrDefault("method", List.of()),
          f.getOrDefault("header", List.of()), f.getOrDefault("expose", List.of()),
          maxAge.isEmpty() ? null : Integer.valueOf(maxAge.getFirst())));
    }
    return new CorsRules(rules);
  }

  /** A pattern with at most one {@code *} against a value; headers compare without case. */
  private static boolean matches(String pattern, String value, boolean ignoreCase) {
    String p = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
    String v = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
    int star = p.indexOf('*');
    if (star < 0) {
      return p.equals(v);
    }
    String prefix = p.substring(0, star);
    String suffix = p.substring(star + 1);
    return v.length() >= prefix.length() + suffix.length() && v.startsWith(prefix) && v.endsWith(suffix);
  }

  private static void wildcardAtMostOnce(String v, String what) {
    if (v.isEmpty() || v.length() > MAX_TEXT || v.indexOf('*') != v.lastIndexOf('*') || v.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw invalid(what + " " + printable(v) + " must be printable, without spaces, with at most one *");
    }
  }

  private static boolean tokenChar(int c) {
    return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }

  private static String printable(String v) {
    String kept = v.replaceAll("[^\\x20-\\x7e]", "?");
    return "\"" + (kept.length() > 64 ? kept.substring(0, 64) + "…" : kept) + "\"";
  }

  private static InvalidInputException invalid(String message) {
    return new InvalidInputException("invalid_cors", message);
  }
}
