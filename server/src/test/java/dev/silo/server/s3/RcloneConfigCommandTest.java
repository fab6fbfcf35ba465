package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.cli.RcloneConfigCommand;
import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code silo rclone-config} writes a remote that a real rclone then uses. */
class RcloneConfigCommandTest {
  @TempDir Path dir;

  @Test
  void theWrittenRemoteWorksWithRclone() throws Exception {
    try (TestSilo silo = TestSilo.start(dir.resolve("silo"))) {
      Api acme = silo.tenant("acme");
      acme.put("/v1/objects/notes/hello.md", "hello");
      Path conf = dir.resolve("rclone.conf");
      StringWriter out = new StringWriter();
      CommandLine cli = new CommandLine(new RcloneConfigCommand());
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(out));
      int exit = cli.execute("--url", silo.url(), "--api-key", acme.token(), "--write", conf.toString(), "--profile", "safe");
      assertThat(exit).as(out.toString()).isZero();
      assertThat(out.toString()).contains("[silo-acme]").contains("rclone mount silo-acme:acme").contains("--conflict-resolve none");
      assertThat(Files.readString(conf)).contains("type = s3").contains("endpoint = " + silo.s3Url());

      String rclone = S3Fixture.binary("rclone", "/usr/bin/rclone");
      S3Fixture.Run r = S3Fixture.run(dir, Map.of("HOME", dir.toString()), S3Fixture.cmd(rclone, "--config", conf.toString(), "cat", "silo-acme:acme/notes/hello.md"));
      assertThat(r.ok().out()).isEqualTo("hello");
    }
  }
}
