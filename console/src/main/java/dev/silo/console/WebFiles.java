package dev.silo.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The console's files, read from the class path once and kept in memory (a few tens of KB).
 * Only names made of plain segments with a known extension are looked up, so a request can
 * neither climb out of the folder nor reach a class file or anything else on the class path.
 */
final class WebFiles {
  /** A file ready to send: its bytes, media type and strong ETag. */
  record WebFile(byte[] body, String contentType, String etag) {}

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*\\.(html|css|js|svg|png|ico)");
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon");

  private final ClassLoader loader;
  private final String root;
  private final Map<String, WebFile> loaded = new ConcurrentHashMap<>();

  WebFiles(ClassLoader loader, String root) {
    this.loader = loader;
    this.root = root;
  }

  /** The file at {@code name} (relative to the console's folder), if there is one. */
  Optional<WebFile> find(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    WebFile cached = loaded.get(name);
    if (cached != null) {
      return Optional.of(cached);
    }
    // absent names are not remembered: the pattern already bounds what can be asked for
    return read(name).map(f -> {
      loaded.putIfAbsent(name, f);
      return f;
    });
  }

  private Optional<WebFile> read(String name) {
    try (InputStream in = loader.getResourceAsStream(root + name)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] body = in.readAllBytes();
      String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
      return Optional.of(new WebFile(body, TYPES.get(extension), etag(body)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the console file " + name, e);
    }
  }

  private static String etag(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
