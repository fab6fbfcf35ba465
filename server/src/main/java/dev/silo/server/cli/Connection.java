package dev.silo.server.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Where Silo is, the operator token, and the output format: options every client command has. */
final class Connection {
  /** Where {@code silo serve} writes a generated operator token, relative to its data directory. */
  static final String TOKEN_FILE = "admin.token";

  @Option(
      names = "--url",
      paramLabel = "URL",
      defaultValue = "${env:SILO_URL:-http://127.0.0.1:8080}",
      description = {"Silo's address (env SILO_URL).", "Default: http://127.0.0.1:8080"})
  String url;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:SILO_ADMIN_TOKEN}",
      description =
          "Operator token (env SILO_ADMIN_TOKEN; else read from $SILO_DATA_DIR/admin.token or"
              + " ./data/admin.token).")
  String token;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Option(names = "--json", description = "Print the server's JSON answer instead of a table.")
  boolean json;

  URI baseUri(CommandSpec spec) {
    String trimmed = url == null ? "" : url.strip().replaceAll("/+$", "");
    try {
      URI uri = new URI(trimmed);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException invalid) {
      // reported below
    }
    throw new ParameterException(
        spec.commandLine(), "--url must be an http(s) URL such as http://127.0.0.1:8080, not: " + url);
  }

  String operatorToken(CommandSpec spec) {
    if (token != null && !token.isBlank()) {
      return token.strip();
    }
    String dataDir = System.getenv("SILO_DATA_DIR");
    Path file = Path.of(dataDir == null || dataDir.isBlank() ? "data" : dataDir, TOKEN_FILE);
    if (Files.isReadable(file)) {
      try {
        String fromFile = Files.readString(file).strip();
        if (!fromFile.isEmpty()) {
          return fromFile;
        }
      } catch (IOException unreadable) {
        // fall through to the usage error, which says what to do
      }
    }
    throw new ParameterException(
        spec.commandLine(),
        "no operator token: pass --token, set SILO_ADMIN_TOKEN, or run from the directory where"
            + " ./silo serve keeps data/" + TOKEN_FILE);
  }
}
