package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.cli.RcloneConfigCommand;
import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code silo rclone-config} writes a remote, and command lines, that a real rclone (1.60 here) then uses. */
class RcloneConfigCommandTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static Api acme;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("silo"));
    acme = silo.tenant("acme");
    acme.put("/v1/objects/notes/hello.md", "hello");
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  record Run(int exit, String out, String err) {}

  static Run cli(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new RcloneConfigCommand(env));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static int credentials() {
    return acme.get("/v1/s3-credentials").json().path("items").size();
  }

  @Test
  void theWrittenRemoteAndItsBisyncLineWorkWithRclone() throws Exception {
    Path conf = dir.resolve("fresh/rclone/rclone.conf");
    Run run = cli(Map.of(), "--url", silo.url(), "--api-key", acme.token(), "--write", conf.toString(), "--profile", "fast");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("[silo-acme]").contains("rclone mount silo-acme:acme").contains("rclone 1.60 or newer");
    assertThat(Files.readString(conf)).contains("type = s3").contains("endpoint = " + silo.s3Url());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf.getParent()))).isEqualTo("rwx------");

    String rclone = S3Fixture.binary("rclone", "/usr/bin/rclone");
    Map<String, String> home = Map.of("HOME", dir.toString());
    assertThat(S3Fixture.run(dir, home, S3Fixture.cmd(rclone, "--config", conf.toString(), "cat", "silo-acme:acme/notes/hello.md")).ok().out())
        .isEqualTo("hello");

    // the printed bisync line, run as printed (plus --resync, as it says) by the installed rclone
    Matcher m = Pattern.compile("rclone bisync (\\S+) (\\S+)(.*?)   \\(add --resync").matcher(run.out());
    assertThat(m.find()).as(run.out()).isTrue();
    Path local = Files.createDirectories(dir.resolve("local"));
    Files.writeString(local.resolve("from-laptop.txt"), "laptop");
    List<String> command = new ArrayList<>(List.of(rclone, "--config", conf.toString(), "bisync", local.toString(), m.group(2)));
    command.addAll(List.of(m.group(3).trim().split("\\s+")));
    command.add("--resync");
    command.addAll(List.of("--workdir", dir.resolve("bisync-work").toString()));
    S3Fixture.run(dir, home, command).ok();
    assertThat(local.resolve("notes/hello.md")).hasContent("hello");
    assertThat(acme.get("/v1/objects/from-laptop.txt").body()).isEqualTo("laptop");
  }

  @Test
  void theOperatorPrintsARemoteForATenant() {
    Run run = cli(Map.of(), "acme", "--url", silo.url(), "--token", TestSilo.ADMIN);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("[silo-acme]").contains("endpoint = " + silo.s3Url()).contains("rclone mount silo-acme:acme ");
  }

  @Test
  void writingTwiceReplacesTheSectionAndKeepsOthers() throws Exception {
    Path conf = dir.resolve("twice.conf");
    Files.writeString(conf, "[other]\ntype = local\n");
    assertThat(cli(Map.of(), "--url", silo.url(), "--api-key", acme.token(), "--write", conf.toString()).exit()).isZero();
    Run second = cli(Map.of(), "--url", silo.url(), "--api-key", acme.token(), "--write", conf.toString());
    assertThat(second.exit()).as(second.err()).isZero();
    String text = Files.readString(conf);
    assertThat(text.split("\\[silo-acme\\]", -1)).hasSize(2);
    assertThat(text).startsWith("[other]\ntype = local\n");
    String id = second.out().replaceAll("(?s).*S3 credential (\\S+)\\)\\..*", "$1");
    assertThat(text).contains("access_key_id = " + id);
  }

  @Test
  void aFileErrorComesAfterTheSecretIsShown() throws Exception {
    Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");
    Run run = cli(Map.of(), "--url", silo.url(), "--api-key", acme.token(), "--write", blocker.resolve("rclone.conf").toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("[silo-acme]").containsPattern("secret_access_key = \\S{40}");
    assertThat(run.err()).contains("cannot write").doesNotContain("\tat ");
  }

  @Test
  void reuseReDerivesTheSecretWithoutMintingACredential() throws Exception {
    Run first = cli(Map.of(), "--url", silo.url(), "--api-key", acme.token());
    String id = first.out().replaceAll("(?s).*access_key_id = (\\S+)\n.*", "$1");
    String secret = first.out().replaceAll("(?s).*secret_access_key = (\\S+)\n.*", "$1");
    int before = credentials();

    Run reused = cli(Map.of("SILO_DATA_DIR", silo.dataDir().toString()), "--url", silo.url(), "--api-key", acme.token(), "--reuse", id);
    assertThat(reused.exit()).as(reused.err()).isZero();
    assertThat(reused.out()).contains("access_key_id = " + id).contains("secret_access_key = " + secret);
    assertThat(credentials()).isEqualTo(before);

    Run noKey = cli(Map.of("SILO_DATA_DIR", dir.resolve("elsewhere").toString()), "--url", silo.url(), "--api-key", acme.token(), "--reuse", id);
    assertThat(noKey.exit()).isEqualTo(1);
    assertThat(noKey.err()).contains("never stores S3 secrets").contains("master key");
    assertThat(credentials()).isEqualTo(before);
  }
}
