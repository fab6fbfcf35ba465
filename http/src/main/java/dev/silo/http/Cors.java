package dev.silo.http;

import java.util.List;
import java.util.Optional;

/**
 * Cross-origin access for browsers using signed URLs and the API directly. Only configured
 * origins get CORS headers; {@code *} allows any origin (without credentials, which Silo never
 * needs: its credentials travel in headers and URLs, not cookies).
 */
public final class Cors {
  private static final String EXPOSED = "ETag, Content-Length, Content-Range, Accept-Ranges, Last-Modified, X-Request-Id, Location,"
          // stored standard headers that CORS does not safelist
          + " Content-Disposition, Content-Encoding,"
          // TUS clients in browsers read these (tus-js-client)
          + " Upload-Offset, Upload-Length, Upload-Expires, Tus-Version, Tus-Resumable, Tus-Max-Size, Tus-Extension";
  private final List<String> origins;

  public Cors(List<String> origins) {
    this.origins = List.copyOf(origins);
  }

  public static Cors none() {
    return new Cors(List.of());
  }

  Optional<String> allowedOrigin(Exchange ex) {
    return ex.header("Origin").filter(o -> origins.contains("*") || origins.contains(o));
  }

  /** Adds the headers of an actual (non-preflight) cross-origin response. */
  void decorate(Exchange ex) {
    allowedOrigin(ex)
        .ifPresent(
            origin -> {
              ex.header("Access-Control-Allow-Origin", origins.contains("*") ? "*" : origin);
              ex.header("Vary", "Origin");
              ex.header("Access-Control-Expose-Headers", EXPOSED);
            });
  }

  /** Whether this is a preflight request, which is answered here and never reaches a route. */
  boolean isPreflight(Exchange ex) {
    return ex.method().equals("OPTIONS") && ex.header("Access-Control-Request-Method").isPresent();
  }

  void preflight(Exchange ex) throws java.io.IOException {
    Optional<String> origin = allowedOrigin(ex);
    if (origin.isPresent()) {
      ex.header("Access-Control-Allow-Origin", origins.contains("*") ? "*" : origin.get());
      ex.header("Vary", "Origin");
      ex.header("Access-Control-Allow-Methods", "GET, HEAD, PUT, POST, PATCH, DELETE, OPTIONS");
      ex.header(
          "Access-Control-Allow-Headers",
          ex.header("Access-Control-Request-Headers").orElse("Authorization, Content-Type"));
      ex.header("Access-Control-Max-Age", "600");
    }
    ex.empty(204);
  }
}
