package dev.silo.console;

import dev.silo.core.error.NotFoundException;
import dev.silo.http.Exchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;

/** Serves the console's files, each with the headers that keep a browser from trusting more. */
final class ConsoleHandlers {
  /**
   * Scripts and styles only from the console's own files (no inline code, so injected markup
   * cannot run), API calls only to this origin, images from here or from blobs the console made
   * of authenticated responses, and never inside another site's frame.
   */
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; "
          + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private final WebFiles files;

  ConsoleHandlers(WebFiles files) {
    this.files = files;
  }

  /** {@code /}: a browser goes to the console; an API client keeps getting the JSON 404 it always got. */
  void root(Exchange ex) throws IOException {
    boolean browser = ex.header("Accept").map(a -> a.toLowerCase(Locale.ROOT).contains("text/html")).orElse(false);
    if (!browser) {
      throw new NotFoundException("route_not_found", "no such route");
    }
    redirect(ex);
  }

  void slash(Exchange ex) throws IOException {
    redirect(ex);
  }

  void index(Exchange ex) throws IOException {
    send(ex, "index.html");
  }

  void file(Exchange ex) throws IOException {
    send(ex, ex.param("file"));
  }

  private void redirect(Exchange ex) throws IOException {
    secure(ex);
    ex.header("Location", "/console/");
    ex.header("Cache-Control", "no-cache");
    ex.empty(302);
  }

  private void send(Exchange ex, String name) throws IOException {
    secure(ex);
    WebFiles.WebFile f =
        files.find(name).orElseThrow(() -> new NotFoundException("console_file_not_found", "the console has no such file"));
    // The names carry no content hash (there is no build step), so a browser asks again each
    // time and gets a 304 while the file is unchanged.
    ex.header("Cache-Control", "no-cache");
    ex.header("ETag", f.etag());
    if (ex.header("If-None-Match").map(v -> v.contains(f.etag())).orElse(false)) {
      ex.empty(304);
      return;
    }
    ex.header("Content-Type", f.contentType());
    ex.stream(200, f.body().length, new ByteArrayInputStream(f.body()), !ex.method().equals("HEAD"));
  }

  /** On every console answer, the 404 included. */
  private static void secure(Exchange ex) {
    ex.header("Content-Security-Policy", CSP);
    ex.header("X-Content-Type-Options", "nosniff");
    ex.header("Referrer-Policy", "no-referrer");
    ex.header("X-Frame-Options", "DENY");
    ex.header("Cross-Origin-Opener-Policy", "same-origin");
    ex.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  }
}
