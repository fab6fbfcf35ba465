package dev.silo.server.tus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code server/src/test/node/upload.mjs}: tus-js-client (npm, pinned in its package.json)
 * in node, as a browser or a Node app would use it. Skipped, with the reason, when node or the
 * project's node_modules is missing ({@code npm ci --prefix server/src/test/node}; .ci/run does it).
 */
final class TusJsClient {
  static final Path PROJECT = locate();

  private TusJsClient() {}

  private static Path locate() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      Path candidate = p.resolve("server/src/test/node");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      if (p.endsWith("server") && Files.isDirectory(p.resolve("src/test/node"))) {
        return p.resolve("src/test/node");
      }
    }
    return here.resolve("src/test/node");
  }

  static void assumeAvailable() {
    assumeTrue(onPath("node"), "node is not installed: skipping the tus-js-client test");
    assumeTrue(
        Files.isDirectory(PROJECT.resolve("node_modules/tus-js-client")),
        "tus-js-client is not installed: run `npm ci --prefix server/src/test/node` (skipping)");
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  /** Writes {@code size} pseudo-random bytes; returns their SHA-256 (hex). */
  static String generate(Path file, long size) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Random random = new Random(42);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= block.length) {
        random.nextBytes(block);
        int n = (int) Math.min(block.length, left);
        out.write(block, 0, n);
        sha.update(block, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Runs the client; returns its JSON lines. Fails the test when it does not succeed. */
  static List<String> upload(List<String> args, Duration timeout) throws Exception {
    List<String> command = new ArrayList<>(List.of("node", PROJECT.resolve("upload.mjs").toString()));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (var r = p.inputReader(StandardCharsets.UTF_8)) {
                    r.lines().forEach(lines::add);
                  } catch (IOException e) {
                    // the process ended
                  }
                });
    boolean finished = p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
    if (!finished) {
      p.destroyForcibly();
    }
    reader.join(5000);
    assertThat(finished).as("tus-js-client finished in time: " + lines).isTrue();
    assertThat(p.exitValue()).as("tus-js-client output: " + lines).isZero();
    return lines;
  }

  /** Downloads an object and returns its SHA-256 (hex), streaming. */
  static String sha256Of(String url, String apiKey) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<InputStream> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + apiKey).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (InputStream in = r.body()) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        sha.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
