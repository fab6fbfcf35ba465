package dev.silo.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A script of {@code server/src/test/browser} run in node: playwright-core driving Debian's
 * chromium ({@code /usr/bin/chromium}), both pinned by that folder's package-lock.json ({@code
 * .ci/run} runs {@code npm ci} there). Its lines go to the test's output as they come; the test
 * fails when it exits non-zero or outlives its time, and is skipped where node, chromium or the npm
 * packages are missing.
 */
public final class BrowserScript {
  public static final Path PROJECT = ConsoleFiles.inRepo("server/src/test/browser");

  private BrowserScript() {}

  /** Skips the test, saying what to install, unless a browser script can run here. */
  public static void assumeRunnable() {
    assumeTrue(onPath("node"), "node is not installed: skipping the browser test");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "chromium is not installed (apt-get install chromium): skipping the browser test");
    assumeTrue(Files.isDirectory(PROJECT.resolve("node_modules/playwright-core")),
        "playwright-core is not installed: run `npm ci --prefix server/src/test/browser` (skipping)");
  }

  /** Runs {@code script} with {@code env}; returns its lines (the last is its verdict, by convention). */
  public static List<String> run(String script, Map<String, String> env, Duration timeout) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("node", PROJECT.resolve(script).toString()).redirectErrorStream(true);
    pb.directory(PROJECT.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    Thread reader =
        Thread.ofVirtual().start(() -> {
          try (var r = p.inputReader(StandardCharsets.UTF_8)) {
            r.lines().forEach(line -> {
              lines.add(line);
              System.out.println("[" + script + "] " + line);
            });
          } catch (IOException e) {
            // the process ended
          }
        });
    boolean finished = p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
    if (!finished) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    reader.join(5000);
    assertThat(finished).as(script + " finished in time: " + lines).isTrue();
    assertThat(p.exitValue()).as(script + "'s output:\n" + String.join("\n", lines)).isZero();
    return List.copyOf(lines);
  }

  private static boolean onPath(String command) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, command))) {
        return true;
      }
    }
    return false;
  }
}
