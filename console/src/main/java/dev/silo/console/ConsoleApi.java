package dev.silo.console;

import static dev.silo.http.Access.ANONYMOUS;

import dev.silo.http.Route;
import java.util.List;

/**
 * The console's routes, which the server appends to the REST API's table (same origin as the API,
 * so the console needs no CORS and its Content-Security-Policy can say {@code connect-src 'self'}).
 * They are anonymous: the files hold no data; every datum comes from the API with the caller's key.
 */
public final class ConsoleApi {
  /** Where the files sit on the class path. */
  static final String ROOT = "dev/silo/console/web/";

  private ConsoleApi() {}

  public static List<Route> routes() {
    return routes(new WebFiles(ConsoleApi.class.getClassLoader(), ROOT));
  }

  static List<Route> routes(WebFiles files) {
    var h = new ConsoleHandlers(files);
    return List.of(
        new Route("GET", "/", ANONYMOUS, null, "a browser is sent to the console; other clients get the JSON 404", h::root),
        new Route("GET", "/console", ANONYMOUS, null, "redirect to /console/", h::slash),
        new Route("GET", "/console/", ANONYMOUS, null, "the web console", h::index),
        new Route("GET", "/console/{file+}", ANONYMOUS, null, "the web console's files", h::file));
  }
}
