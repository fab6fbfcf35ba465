package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Helpers of the S3 tests: tenants with S3 credentials, and real clients run as processes. */
final class S3Fixture {
  private S3Fixture() {}

  /** An S3 credential as the REST API returned it at creation. */
  record Credential(String accessKeyId, String secret, String bucket, String endpoint, Api api) {}

  /** Creates a tenant (with a limits JSON or null) and an S3 credential of it (scoped to {@code scope} if not null). */
  static Credential tenant(TestSilo silo, String slug, String limitsJson, String scope) {
    Api api = silo.tenant(slug, limitsJson);
    return credential(api, scope);
  }

  static Credential credential(Api api, String scope) {
    String body = scope == null ? "{\"description\":\"test\"}" : "{\"description\":\"test\",\"bucket\":\"" + scope + "\"}";
    Api.Resp r = api.post("/v1/s3-credentials", body);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    JsonNode j = r.json();
    return new Credential(
        j.get("access_key_id").asText(), j.get("secret_access_key").asText(), j.get("bucket").asText(null),
        j.get("endpoint").asText(), api);
  }

  /** The environment aws-cli runs in: the credential's keys, path-style addressing, nothing of the user's. */
  static Map<String, String> awsEnv(Path dir, Credential cred) throws IOException {
    Path config = dir.resolve("aws-config");
    Files.writeString(config, "[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n");
    Map<String, String> env = new java.util.HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", cred.accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", cred.secret());
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", config.toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_PAGER", "");
    env.put("HOME", dir.toString());
    return env;
  }

  /** What an SDK call came to: {@code ok}, or the status and S3 code it was refused with ({@code 403 AccessDenied}). */
  static String outcome(Runnable call) {
    try {
      call.run();
      return "ok";
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      return e.statusCode() + " " + e.awsErrorDetails().errorCode();
    }
  }

  /** {@code aws s3api <args>} against {@code silo}'s S3 port as {@code cred}, in {@code dir}; skipped where aws-cli is not installed. */
  static Run s3api(TestSilo silo, Path dir, Credential cred, String... args) throws IOException, InterruptedException {
    List<String> command = cmd(binary("aws", "/usr/bin/aws"), "--endpoint-url", silo.s3Url(), "s3api");
    command.addAll(List.of(args));
    return run(dir, awsEnv(dir, cred), command);
  }

  /** The environment rclone runs in: a remote named {@code silo} on the endpoint, an empty config file in {@code dir}. */
  static Map<String, String> rcloneEnv(Path dir, String endpoint, Credential cred) throws IOException {
    Files.writeString(dir.resolve("rclone.conf"), "");
    Map<String, String> env = new java.util.HashMap<>();
    env.put("HOME", dir.toString());
    env.put("RCLONE_CONFIG_SILO_TYPE", "s3");
    env.put("RCLONE_CONFIG_SILO_PROVIDER", "Other");
    env.put("RCLONE_CONFIG_SILO_ENDPOINT", endpoint);
    env.put("RCLONE_CONFIG_SILO_ACCESS_KEY_ID", cred.accessKeyId());
    env.put("RCLONE_CONFIG_SILO_SECRET_ACCESS_KEY", cred.secret());
    env.put("RCLONE_CONFIG_SILO_REGION", "us-east-1");
    env.put("RCLONE_CONFIG_SILO_FORCE_PATH_STYLE", "true");
    return env;
  }

  /** The path of a client binary, or the test is skipped with a message saying what to install. */
  static String binary(String name, String... preferred) {
    for (String p : preferred) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    Optional<Path> onPath =
        Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
            .map(d -> Path.of(d, name))
            .filter(Files::isExecutable)
            .findFirst();
    Assumptions.assumeTrue(onPath.isPresent(), name + " is not installed: apt-get install " + (name.equals("aws") ? "awscli" : name)
        + " (.ci/run installs it) — skipping its tests");
    return onPath.get().toString();
  }

  /** A finished process: exit code and output. */
  record Run(int exit, String out, String err) {
    Run ok() {
      assertThat(exit).as("exit code; stdout:\n%s\nstderr:\n%s", out, err).isZero();
      return this;
    }
  }

  static Run run(Path dir, Map<String, String> env, List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("RCLONE_"));
    pb.environment().putAll(env);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command + "\n" + Files.readString(err));
    }
    Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return r;
  }

  static List<String> cmd(String... parts) {
    return new ArrayList<>(List.of(parts));
  }

  /** Writes a file of pseudo-random bytes. */
  static Path randomFile(Path file, long size, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    java.util.Random r = new java.util.Random(seed);
    byte[] buf = new byte[1 << 20];
    try (var out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; ) {
        r.nextBytes(buf);
        int n = (int) Math.min(buf.length, left);
        out.write(buf, 0, n);
        left -= n;
      }
    }
    return file;
  }

  /** Relative path → content of every regular file under a directory. */
  static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> out = new java.util.TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), dev.silo.core.support.Hashing.hex(dev.silo.core.support.Hashing.sha256(Files.readAllBytes(p))));
      }
    }
    return out;
  }
}
