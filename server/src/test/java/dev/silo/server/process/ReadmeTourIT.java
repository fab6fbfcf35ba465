package dev.silo.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's tour, taken from the README itself (the fenced block after the {@code <!-- tour}
 * marker), pasted into bash in a fresh directory beside a fresh {@code silo serve}, as a newcomer
 * does. The only changes are the ports (the test's are free ones, not 8080 and 9000), and
 * {@code ./silo} is the built jar.
 */
class ReadmeTourIT {
  @TempDir Path dir;

  static String tour() throws IOException {
    String readme = Files.readString(root().resolve("README.md"));
    Matcher m = Pattern.compile("<!-- tour[^\\n]*-->\\s*```sh\\n(.*?)\\n```", Pattern.DOTALL).matcher(readme);
    assertThat(m.find()).as("the README has a tour block after <!-- tour -->").isTrue();
    return m.group(1);
  }

  private static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.exists(p.resolve("mvnw"))) {
      p = p.getParent();
    }
    return p;
  }

  record Run(int exit, String output) {}

  private Run paste(String block, String url, boolean strict) throws Exception {
    Path script = dir.resolve(strict ? "tour-strict.sh" : "tour-again.sh");
    Files.writeString(script, (strict ? "set -euo pipefail\n" : "") + block + "\n");
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("SILO_") || k.startsWith("AWS_"));
    pb.environment().put("SILO_URL", url); // the CLI's default is 8080; the test's port is another
    pb.environment().put("HOME", dir.toString()); // no aws or rclone profile of the machine's user
    pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  @Test
  void theTourWorksVerbatimOnAFreshServerAndAgain() throws Exception {
    Path launcher = dir.resolve("silo");
    Files.writeString(launcher, "#!/bin/sh\nexec '" + String.join("' '", SiloProcess.command(List.of())) + "' \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    // no SILO_ADMIN_TOKEN: the server generates data/admin.token, where the CLI finds it
    try (SiloProcess silo = new SiloProcess("readme-tour", dir.resolve("data")).env("SILO_ADMIN_TOKEN", "").start()) {
      Matcher s3 = Pattern.compile("S3 endpoint on http://127\\.0\\.0\\.1:(\\d+)").matcher(silo.stdout());
      assertThat(s3.find()).as(silo.stdout()).isTrue();
      String block = tour()
          .replace("127.0.0.1:8080", "127.0.0.1:" + silo.port())
          .replace("127.0.0.1:9000", "127.0.0.1:" + s3.group(1));
      assertThat(block).doesNotContain(":8080").doesNotContain(":9000");

      Run first = paste(block, silo.url(), true);
      assertThat(first.exit()).as(first.output()).isZero();
      assertThat(first.output())
          .contains("Created tenant acme")
          .contains("2026-02-10,")                       // the object read back
          .contains("\"prefixes\":[\"reports/2026/\"]")  // the listing
          .contains("\"timestamp_column\":\"date\"")     // the preview
          .contains("signed link: HTTP 200")
          .doesNotContain("Usage:");
      List<String> lines = first.output().lines().toList();
      assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"key\":\"raw/").contains("data.csv").contains("\"status\":\"ready\""));
      if (Files.isExecutable(Path.of("/usr/bin/aws"))) {
        assertThat(first.output()).contains("reports/2026/q1.csv").containsPattern("raw/\\S+/data\\.csv");
      }

      // pasted again into a shell without `set -e`, as people do: the tenant exists, the rest works
      Run again = paste(block, silo.url(), false);
      assertThat(again.exit()).as(again.output()).isZero();
      assertThat(again.output()).contains("signed link: HTTP 200").doesNotContain("Usage:");
      assertThat(silo.stderr()).doesNotContain("\tat ");
    }
  }
}
