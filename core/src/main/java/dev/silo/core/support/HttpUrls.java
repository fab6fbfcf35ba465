package dev.silo.core.support;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** URLs a setting or a request names for Silo to use or hand on: http(s), with a host, no credentials in them. */
public final class HttpUrls {
  private HttpUrls() {}

  /** The URL, if {@code v} is one: http or https, a host, no user info; empty otherwise. */
  public static Optional<URI> parse(String v) {
    if (v == null) {
      return Optional.empty();
    }
    try {
      URI u = new URI(v);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      boolean http = scheme.equals("https") || scheme.equals("http");
      return http && u.getHost() != null && u.getUserInfo() == null ? Optional.of(u) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
