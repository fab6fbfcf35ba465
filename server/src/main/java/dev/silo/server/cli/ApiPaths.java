package dev.silo.server.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Request paths built from user input, each segment percent-encoded. */
final class ApiPaths {
  private ApiPaths() {}

  static String tenant(String slug) {
    return "/v1/tenants/" + segment(slug);
  }

  static String segment(String value) {
    // URLEncoder is for forms: it writes a space as '+', which in a path is a literal plus.
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
