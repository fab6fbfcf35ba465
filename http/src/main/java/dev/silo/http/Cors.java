package dev.silo.http;

import dev.silo.core.domain.CorsRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cross-origin access for browsers using signed URLs and the API directly, on every port: only
 * configured origins ({@code SILO_CORS_ORIGINS}) get CORS headers; {@code *} allows any origin
 * (without credentials, which Silo never needs: its credentials travel in headers and URLs, not
 * cookies). Each protocol names the response headers its clients read ({@link #exposing}).
 */
public final class Cors {
  private static final String EXPOSED = "ETag, Content-Length, Content-Range, Accept-Ranges, Last-Modified, X-Request-Id, Location,"
          // stored standard headers that CORS does not safelist
          + " Content-Disposition, Content-Encoding,"
          // TUS clients in browsers read these (tus-js-client), and a page may HEAD an upload
          + " Upload-Offset, Upload-Length, Upload-Expires, Upload-Concat, Upload-Metadata,"
          + " Tus-Version, Tus-Resumable, Tus-Max-Size, Tus-Extension";
  private final List<String> origins;
  private final String exposed;

  public Cors(List<String> origins) {
    this(origins, EXPOSED);
  }

  private Cors(List<String> origins, String exposed) {
    this.origins = List.copyOf(origins);
    this.exposed = exposed;
  }

  public static Cors none() {
    return new Cors(List.of());
  }

  /** The same origins, with {@code exposed} as the response headers scripts may read. */
  public Cors exposing(String exposed) {
    return new Cors(origins, exposed);
  }

  /** The origins allowed; {@code *} for any. */
  public List<String> origins() {
    return origins;
  }

  /** Whether a request is a preflight, answered before any route, credential or body. */
  public static boolean isPreflight(String method, Optional<String> requestMethod) {
    return method.equals("OPTIONS") && requestMethod.isPresent();
  }

  /** The headers of an actual (non-preflight) response to a request from {@code origin}; none when not allowed. */
  public Map<String, String> responseHeaders(Optional<String> origin) {
    Map<String, String> h = new LinkedHashMap<>();
    allowed(origin).ifPresent(o -> {
      h.put("Access-Control-Allow-Origin", o);
      h.put("Vary", "Origin");
      h.put("Access-Control-Expose-Headers", exposed);
    });
    return h;
  }

  /**
   * The headers of the answer to a preflight from {@code origin} asking for {@code requestHeaders};
   * none when the origin is not allowed.
   */
  public Map<String, String> preflightHeaders(Optional<String> origin, Optional<String> requestHeaders) {
    Map<String, String> h = new LinkedHashMap<>();
    allowed(origin).ifPresent(o -> {
      h.put("Access-Control-Allow-Origin", o);
      h.put("Vary", "Origin");
      h.put("Access-Control-Allow-Methods", "GET, HEAD, PUT, POST, PATCH, DELETE, OPTIONS");
      h.put("Access-Control-Allow-Headers", requestHeaders.orElse("Authorization, Content-Type"));
      h.put("Access-Control-Max-Age", "600");
    });
    return h;
  }

  /**
   * The answer to a preflight from {@code origin} announcing {@code method} and {@code
   * requestHeaders} that a bucket's rules allow (S3's PutBucketCors), their first such rule's: the
   * page's origin (or {@code *}), the rule's methods, the headers asked for, and the rule's max
   * age; none when no rule allows it.
   */
  public static Map<String, String> preflightHeaders(CorsRules rules, String origin, String method, Optional<String> requestHeaders) {
    return rules.match(origin, method, requestedHeaders(requestHeaders))
        .map(rule -> preflightHeaders(rule, origin, requestHeaders))
        .orElse(Map.of());
  }

  /**
   * The headers of an actual response to a request from {@code origin} with {@code method} that a
   * bucket's rules allow: the origin, and what the first such rule lets the page read; none when no
   * rule allows it.
   */
  public static Map<String, String> responseHeaders(CorsRules rules, String origin, String method) {
    return rules.match(origin, method, List.of()).map(rule -> responseHeaders(rule, origin)).orElse(Map.of());
  }

  private static Map<String, String> preflightHeaders(CorsRules.Rule rule, String origin, Optional<String> requestHeaders) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Access-Control-Allow-Origin", rule.allowOrigin(origin));
    h.put("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
    h.put("Access-Control-Allow-Methods", String.join(", ", rule.allowedMethods()));
    requestHeaders.filter(v -> !v.isBlank()).ifPresent(v -> h.put("Access-Control-Allow-Headers", v));
    if (rule.maxAgeSeconds() != null) {
      h.put("Access-Control-Max-Age", String.valueOf(rule.maxAgeSeconds()));
    }
    return h;
  }

  private static Map<String, String> responseHeaders(CorsRules.Rule rule, String origin) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Access-Control-Allow-Origin", rule.allowOrigin(origin));
    h.put("Vary", "Origin");
    h.put("Access-Control-Allow-Methods", String.join(", ", rule.allowedMethods()));
    if (!rule.exposeHeaders().isEmpty()) {
      h.put("Access-Control-Expose-Headers", String.join(", ", rule.exposeHeaders()));
    }
    return h;
  }

  /** The header names a preflight says its request will send ({@code Access-Control-Request-Headers}). */
  private static List<String> requestedHeaders(Optional<String> requestHeaders) {
    return requestHeaders.stream()
        .flatMap(v -> java.util.Arrays.stream(v.split(",")))
        .map(String::strip)
        .filter(v -> !v.isEmpty())
        .toList();
  }

  /** What Access-Control-Allow-Origin says to {@code origin}, if it may call. */
  private Optional<String> allowed(Optional<String> origin) {
    return origin.filter(o -> origins.contains("*") || origins.contains(o)).map(o -> origins.contains("*") ? "*" : o);
  }

  /** Adds the headers of an actual (non-preflight) cross-origin response; whether the origin is one of the server's. */
  boolean decorate(Exchange ex) {
    Map<String, String> h = responseHeaders(ex.header("Origin"));
    h.forEach(ex::header);
    return !h.isEmpty();
  }

  /** Whether this is a preflight request, which is answered here and never reaches a route. */
  boolean isPreflight(Exchange ex) {
    return isPreflight(ex.method(), ex.header("Access-Control-Request-Method"));
  }

  /** Answers a preflight: the server's origins' headers, if it allows the origin (a bucket's rule may have answered already). */
  void preflight(Exchange ex) throws java.io.IOException {
    preflightHeaders(ex.header("Origin"), ex.header("Access-Control-Request-Headers")).forEach(ex::header);
    ex.empty(204);
  }
}
