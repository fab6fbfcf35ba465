package dev.silo.server.console;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the console's sources and its browser tests are, from the server module's directory. */
public final class ConsoleFiles {
  private ConsoleFiles() {}

  /** {@code <repo>/<relative>}, found by walking up from the working directory. */
  public static Path inRepo(String relative) {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      Path candidate = p.resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(relative + " not found above " + here);
  }
}
