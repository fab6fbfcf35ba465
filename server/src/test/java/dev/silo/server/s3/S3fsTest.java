package dev.silo.server.s3;

import static dev.silo.server.s3.S3Fixture.cmd;
import static dev.silo.server.s3.S3Fixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.silo.server.it.TestSilo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A bucket mounted as a directory with s3fs-fuse (the Debian package), the way people give
 * programs that only know files a bucket: files written, appended to, renamed, moved into folders,
 * chmod-ed, copied in whole (12 MiB, in parts) and removed through the mount, and the same objects
 * seen over S3. Every file operation runs in a shell under {@code timeout}, so a mount that stops
 * answering fails the test instead of hanging it. Skipped where FUSE cannot mount (no
 * {@code /dev/fuse}, or not allowed).
 */
@ExtendWith(NoErrorLogs.class)
class S3fsTest {
  @TempDir Path dir;

  @Test
  void programsThatKnowOnlyFilesWorkOnAMountedBucket() throws Exception {
    String s3fs = S3Fixture.binary("s3fs", "/usr/bin/s3fs");
    assumeTrue(Files.exists(Path.of("/dev/fuse")), "no /dev/fuse here: skipping the s3fs mount");
    try (TestSilo silo = TestSilo.start(dir.resolve("silo"))) {
      S3Fixture.Credential cred = S3Fixture.tenant(silo, "fuse", null, null);
      Path passwd = dir.resolve("passwd-s3fs");
      Files.writeString(passwd, cred.accessKeyId() + ":" + cred.secret());
      Files.setPosixFilePermissions(passwd, PosixFilePermissions.fromString("rw-------"));
      Path mnt = Files.createDirectories(dir.resolve("mnt"));
      Path big = S3Fixture.randomFile(dir.resolve("big.bin"), 12L << 20, 5);
      Process mount = new ProcessBuilder(s3fs, "fuse", mnt.toString(), "-f", "-o", "passwd_file=" + passwd, "-o", "url=" + silo.s3Url(),
          "-o", "use_path_request_style", "-o", "endpoint=us-east-1", "-o", "multipart_size=5", "-o", "dbglevel=warn")
          .redirectErrorStream(true).redirectOutput(dir.resolve("s3fs.log").toFile()).start();
      try {
        assumeTrue(mounted(mnt, mount), () -> "s3fs could not mount here: " + log(dir));
        String script = String.join("\n",
            "set -e",
            "cd " + mnt,
            "echo 'first line' > notes.txt",
            "echo 'second line' >> notes.txt",
            "mkdir -p reports/2026",
            "mv notes.txt reports/2026/notes.txt",
            "chmod 640 reports/2026/notes.txt",
            "cp " + big + " reports/big.bin",
            "cmp " + big + " reports/big.bin",
            "echo gone > tmp.txt && rm tmp.txt",
            "ls -R . > " + dir.resolve("listing.txt"),
            "stat -c %a reports/2026/notes.txt > " + dir.resolve("mode.txt"));
        run(dir, Map.of(), cmd("timeout", "-k", "5", "90", "bash", "-c", script)).ok();

        assertThat(Files.readString(dir.resolve("listing.txt"))).contains("notes.txt").contains("big.bin").doesNotContain("tmp.txt");
        assertThat(Files.readString(dir.resolve("mode.txt")).strip()).isEqualTo("640");
        try (S3Client s3 = SdkClients.client(silo.s3Url(), cred.accessKeyId(), cred.secret())) {
          assertThat(s3.getObjectAsBytes(r -> r.bucket("fuse").key("reports/2026/notes.txt")).asUtf8String())
              .isEqualTo("first line\nsecond line\n");
          assertThat(s3.headObject(r -> r.bucket("fuse").key("reports/big.bin")).contentLength()).isEqualTo(12L << 20);
          assertThat(s3.listObjectsV2(r -> r.bucket("fuse")).contents()).extracting(o -> o.key())
              .doesNotContain("notes.txt", "tmp.txt").contains("reports/2026/notes.txt", "reports/big.bin");
        }
      } finally {
        run(dir, Map.of(), cmd("fusermount", "-u", "-z", mnt.toString()));
        mount.destroy();
        if (!mount.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          mount.destroyForcibly();
        }
      }
    }
  }

  /** Whether the mount appeared within ten seconds (s3fs in the foreground: it stays running while mounted). */
  private static boolean mounted(Path mnt, Process mount) throws Exception {
    Instant until = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(until)) {
      if (Files.readAllLines(Path.of("/proc/mounts")).stream().anyMatch(l -> l.contains(" " + mnt + " "))) {
        return true;
      }
      if (!mount.isAlive()) {
        return false;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private static String log(Path dir) {
    try {
      return Files.readString(dir.resolve("s3fs.log"));
    } catch (java.io.IOException e) {
      return "(no log)";
    }
  }
}
