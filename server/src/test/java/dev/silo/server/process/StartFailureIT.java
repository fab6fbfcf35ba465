package dev.silo.server.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.silo.testkit.PostgresSandbox;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad setting an operator is likely to make stops {@code silo serve} with exit code 1 and
 * one line that names the setting and what to do: no stack trace (that is for
 * {@code SILO_LOG_LEVEL=DEBUG}), run as the real jar in its own JVM.
 */
class StartFailureIT {
  @TempDir Path dir;

  record Outcome(int exit, String stdout, String stderr) {
    /** The one line Silo printed about the failure. */
    String line() {
      List<String> lines = stderr.lines().filter(l -> l.startsWith("silo: cannot start: ")).toList();
      assertThat(lines).as(stderr).hasSize(1);
      return lines.getFirst();
    }
  }

  private Outcome serve(Map<String, String> env, String... args) throws Exception {
    List<String> command = SiloProcess.command(List.of());
    command.add("serve");
    command.addAll(List.of(args));
    Path out = dir.resolve("out-" + System.nanoTime());
    Path err = dir.resolve("err-" + System.nanoTime());
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SILO_"));
    pb.environment().put("SILO_ADMIN_TOKEN", SiloProcess.ADMIN_TOKEN);
    pb.environment().put("SILO_S3_PORT", "0");
    pb.environment().put("SILO_PORT", "0");
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("silo serve did not stop within 60 s; stderr:\n" + Files.readString(err));
    }
    return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  private static void assertOneLine(Outcome o, String... expected) {
    assertThat(o.exit()).as(o.stderr()).isEqualTo(1);
    assertThat(o.line()).contains(expected);
    assertThat(o.stderr()).as("no stack trace without SILO_LOG_LEVEL=DEBUG").doesNotContain("\tat ").doesNotContain("Caused by");
    assertThat(o.stdout()).doesNotContain("Silo listening");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void postgresRefusingTheConnection() throws Exception {
    int closed = freePort();
    Outcome o = serve(Map.of("SILO_DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/silo?user=silo_app"), "--data-dir", "d");
    assertOneLine(o, "SILO_DATABASE_URL: PostgreSQL at 127.0.0.1:" + closed + " refused the connection", "start PostgreSQL");
  }

  @Test
  void aPostgresRoleThatDoesNotExist() throws Exception {
    assumeThat(PostgresSandbox.ADMIN_URL).as("SILO_TEST_DATABASE_URL").isNotNull();
    String url = PostgresSandbox.ADMIN_URL.replaceAll("user=[^&]*", "user=silo_no_such_role");
    Outcome o = serve(Map.of("SILO_DATABASE_URL", url), "--data-dir", "d");
    assertOneLine(o, "SILO_DATABASE_URL", "has no role \"silo_no_such_role\"", "create it");

    Outcome migration = serve(Map.of("SILO_DATABASE_URL", PostgresSandbox.ADMIN_URL, "SILO_DATABASE_MIGRATION_URL", url), "--data-dir", "d2");
    assertOneLine(migration, "SILO_DATABASE_MIGRATION_URL", "has no role \"silo_no_such_role\"");
  }

  @Test
  void aDataDirectoryThatIsAFile() throws Exception {
    Files.writeString(dir.resolve("afile"), "x");
    assertOneLine(serve(Map.of(), "--data-dir", "afile"), "SILO_DATA_DIR: ", "afile is a file, not a directory", "--data-dir");
  }

  @Test
  void aDataDirectoryThatCannotBeWritten() throws Exception {
    Path target;
    if (!"root".equals(System.getProperty("user.name"))) {
      target = Files.createDirectories(dir.resolve("locked"));
      Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("r-x------"));
    } else {
      target = Path.of("/proc/silo-data"); // root may write anywhere but where the kernel says no
    }
    assertOneLine(serve(Map.of(), "--data-dir", target.toString()), "SILO_DATA_DIR: " + target, "point SILO_DATA_DIR (--data-dir) at a directory");
  }

  @Test
  void theRestPortInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      assertOneLine(serve(Map.of(), "--data-dir", "d", "--port", Integer.toString(port)),
          "SILO_PORT: port " + port + " on 127.0.0.1 (REST API) is already in use", "--port");
    }
  }

  @Test
  void theS3PortInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      Outcome o = serve(Map.of("SILO_S3_PORT", Integer.toString(port)), "--data-dir", "d");
      assertOneLine(o, "SILO_S3_PORT: port " + port + " on 127.0.0.1 (S3 endpoint) is already in use");
    }
  }

  @Test
  void aPortThatIsNotANumberIsTheFlagsError() throws Exception {
    Outcome flag = serve(Map.of(), "--data-dir", "d", "--port", "abc");
    assertThat(flag.exit()).isEqualTo(2);
    assertThat(flag.stderr()).contains("--port must be a port number (0-65535), not 'abc'").doesNotContain("SILO_PORT").doesNotContain("Usage:");
    Outcome env = serve(Map.of("SILO_PORT", "abc"), "--data-dir", "d");
    assertOneLine(env, "SILO_PORT must be a port number");
  }

  @Test
  void aListingLimitThatIsNotANumber() throws Exception {
    Outcome o = serve(Map.of("SILO_LISTING_CONCURRENCY", "lots"), "--data-dir", "d");
    assertOneLine(o, "SILO_LISTING_CONCURRENCY must be a whole number from 0 (no limit) to 10000, not 'lots'");
  }

  @Test
  void aHexMasterKeyIsRefusedWithWhatToDo() throws Exception {
    Outcome o = serve(Map.of("SILO_MASTER_KEY", "ab".repeat(32)), "--data-dir", "d");
    assertOneLine(o, "SILO_MASTER_KEY looks like hex", "openssl rand -base64 32");
  }

  @Test
  void debugAddsTheStackTrace() throws Exception {
    Files.writeString(dir.resolve("afile"), "x");
    Outcome o = serve(Map.of("SILO_LOG_LEVEL", "DEBUG"), "--data-dir", "afile");
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.line()).contains("SILO_DATA_DIR");
    assertThat(o.stderr()).contains("\tat ");
  }

  @Test
  void anUnreachableS3BackendIsLoggedOnceAtWarnAndTheServerRuns() throws Exception {
    int closed = freePort();
    Map<String, String> env = new HashMap<>();
    env.put("SILO_STORAGE", "s3");
    env.put("SILO_STORAGE_S3_ENDPOINT", "http://127.0.0.1:" + closed);
    env.put("SILO_STORAGE_S3_ACCESS_KEY_ID", "k");
    env.put("SILO_STORAGE_S3_SECRET_ACCESS_KEY", "s");
    env.put("SILO_STORAGE_S3_MAX_ATTEMPTS", "1");
    SiloProcess silo = new SiloProcess("unreachable-s3", dir.resolve("data"));
    env.forEach(silo::env);
    try (silo) {
      silo.start();
      String warn = awaitLine(silo, "is not reachable");
      assertThat(warn).contains("level=WARN").contains("http://127.0.0.1:" + closed).contains("SILO_STORAGE_S3_ENDPOINT");
      assertThat(silo.operator().get("/readyz").status()).isEqualTo(503);
      assertThat(silo.operator().get("/readyz").status()).isEqualTo(503);
      assertThat(silo.stderr().lines().filter(l -> l.contains("is not reachable"))).hasSize(1);
      assertThat(silo.stderr()).doesNotContain("\tat ");
    }
  }

  @Test
  void s3StorageWithoutAnEndpointSaysItIsTalkingToAws() throws Exception {
    SiloProcess silo = new SiloProcess("s3-no-endpoint", dir.resolve("data"))
        .env("SILO_STORAGE", "s3").env("SILO_STORAGE_S3_MAX_ATTEMPTS", "1");
    try (silo) {
      silo.start();
      String warn = awaitLine(silo, "is not reachable");
      assertThat(warn).contains("level=WARN").contains("SILO_STORAGE_S3_ENDPOINT is not set");
      assertThat(silo.stderr()).doesNotContain("\tat ");
    }
  }

  private static String awaitLine(SiloProcess silo, String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      var line = silo.stderr().lines().filter(l -> l.contains(text)).findFirst();
      if (line.isPresent()) {
        return line.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no line with '" + text + "' within 60 s; stderr:\n" + silo.stderr());
  }
}
