package dev.silo.http;

import dev.silo.core.error.NotFoundException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A protocol's routes, matched against the raw (still percent-encoded) request path. */
public final class RouteTable {
  /** A matched route with its path parameters, each percent-decoded exactly once. */
  public record Match(Route route, Map<String, String> params) {}

  private final List<Route> routes;

  public RouteTable(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  public List<Route> routes() {
    return routes;
  }

  /**
   * The route for the method and path; a path that exists under another method is a 405
   * (reported through {@link MethodNotAllowed}), one that does not exist a 404.
   */
  public Match match(String method, String rawPath) {
    Set<String> allowed = new LinkedHashSet<>();
    for (Route r : routes) {
      Optional<Map<String, String>> params = matchPath(r, rawPath);
      if (params.isPresent()) {
        if (r.method().equals(method) || (method.equals("HEAD") && r.method().equals("GET") && !hasHead(rawPath))) {
          return new Match(r, params.get());
        }
        allowed.add(r.method());
      }
    }
    if (!allowed.isEmpty()) {
      throw new MethodNotAllowed(allowed);
    }
    throw new NotFoundException("route_not_found", "no such route");
  }

  private boolean hasHead(String rawPath) {
    return routes.stream().anyMatch(r -> r.method().equals("HEAD") && matchPath(r, rawPath).isPresent());
  }

  private static Optional<Map<String, String>> matchPath(Route route, String rawPath) {
    if (!rawPath.startsWith("/")) {
      return Optional.empty();
    }
    String[] actual = rawPath.substring(1).split("/", -1);
    List<String> expected = route.segments();
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < expected.size(); i++) {
      String e = expected.get(i);
      if (e.startsWith("{") && e.endsWith("+}")) {
        if (i >= actual.length) {
          return Optional.empty();
        }
        String rest = String.join("/", java.util.Arrays.copyOfRange(actual, i, actual.length));
        if (rest.isEmpty()) {
          return Optional.empty();
        }
        params.put(e.substring(1, e.length() - 2), decode(rest));
        return Optional.of(params);
      }
      if (i >= actual.length) {
        return Optional.empty();
      }
      if (e.startsWith("{") && e.endsWith("}")) {
        if (actual[i].isEmpty()) {
          return Optional.empty();
        }
        params.put(e.substring(1, e.length() - 1), decode(actual[i]));
      } else if (!e.equals(actual[i])) {
        return Optional.empty();
      }
    }
    return actual.length == expected.size() ? Optional.of(params) : Optional.empty();
  }

  /** Percent-decodes once; a {@code +} stays a plus, as it does in a path. */
  static String decode(String raw) {
    String decoded;
    try {
      decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new dev.silo.core.error.InvalidInputException("invalid_path", "the path has a malformed percent-encoding");
    }
    if (decoded.indexOf('\0') >= 0) {
      // no name of anything holds a NUL, and databases refuse one in text
      throw new dev.silo.core.error.InvalidInputException("invalid_path", "the path must not contain a NUL character");
    }
    return decoded;
  }

  /** The path exists, but not for this method. */
  public static final class MethodNotAllowed extends RuntimeException {
    private final Set<String> allowed;

    MethodNotAllowed(Set<String> allowed) {
      super("method not allowed", null, false, false);
      this.allowed = allowed;
    }

    public Set<String> allowed() {
      return allowed;
    }
  }

  /** Every (method, template) pair, for the OpenAPI document's test. */
  public List<String> signatures() {
    List<String> out = new ArrayList<>();
    for (Route r : routes) {
      out.add(r.method() + " " + r.template());
    }
    return out;
  }
}
