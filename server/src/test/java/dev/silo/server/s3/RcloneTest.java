package dev.silo.server.s3;

import static dev.silo.server.s3.S3Fixture.cmd;
import static dev.silo.server.s3.S3Fixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.silo.server.it.TestSilo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** rclone (the Debian package) against Silo's S3 endpoint: copy, sync, check, bisync, lsjson, delete. */
@ExtendWith(NoErrorLogs.class)
class RcloneTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static S3Fixture.Credential cred;
  static String rclone;
  static Map<String, String> env;

  @BeforeAll
  static void start() throws Exception {
    rclone = S3Fixture.binary("rclone", "/usr/bin/rclone");
    silo = TestSilo.start(dir.resolve("silo"));
    cred = S3Fixture.tenant(silo, "rclone", null, "rclone");
    env = S3Fixture.rcloneEnv(dir, silo.s3Url(), cred);
  }

  @AfterAll
  static void stop() throws Exception {
    if (silo != null) {
      silo.close();
    }
  }

  S3Fixture.Run rclone(String... args) throws Exception {
    List<String> c = cmd(rclone, "--config", dir.resolve("rclone.conf").toString(), "--retries", "1", "--low-level-retries", "1");
    c.addAll(List.of(args));
    return run(dir, env, c);
  }

  @Test
  void copySyncCheckLsjsonAndDelete() throws Exception {
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("notes/2026"));
    Files.writeString(src.resolve("readme.md"), "# notes\n");
    Files.writeString(src.resolve("notes/2026/jan.md"), "january é\n");
    Files.writeString(src.resolve("notes/2026/feb.md"), "february\n");
    S3Fixture.randomFile(src.resolve("blobs/large.bin"), 3L << 20, 7);

    rclone("copy", src.toString(), "silo:rclone/copy").ok();
    rclone("check", src.toString(), "silo:rclone/copy").ok();

    Files.delete(src.resolve("notes/2026/feb.md"));
    Files.writeString(src.resolve("notes/2026/mar.md"), "march\n");
    rclone("sync", src.toString(), "silo:rclone/copy").ok();
    rclone("check", "--download", src.toString(), "silo:rclone/copy").ok();

    JsonNode listing = new ObjectMapper().readTree(rclone("lsjson", "-R", "--hash", "silo:rclone/copy").ok().out());
    List<String> files = new ArrayList<>();
    for (JsonNode e : listing) {
      if (!e.get("IsDir").asBoolean()) {
        files.add(e.get("Path").asText());
        assertThat(e.path("Hashes").path("md5").asText()).as(e.toString()).hasSize(32);
      }
    }
    assertThat(files).containsExactlyInAnyOrder("readme.md", "notes/2026/jan.md", "notes/2026/mar.md", "blobs/large.bin");

    rclone("delete", "silo:rclone/copy/notes").ok();
    assertThat(rclone("lsf", "-R", "silo:rclone/copy").ok().out()).doesNotContain("jan.md").contains("readme.md");
  }

  @Test
  void bisyncResyncThenChangesOnBothSides() throws Exception {
    Path local = dir.resolve("bisync-local");
    Path work = dir.resolve("bisync-work");
    Files.createDirectories(local.resolve("sub"));
    Files.writeString(local.resolve("a.md"), "a1\n");
    Files.writeString(local.resolve("sub/b.md"), "b1\n");
    Files.writeString(local.resolve("c.md"), "c1\n");
    String remote = "silo:rclone/bisync";
    rclone("bisync", local.toString(), remote, "--resync", "--workdir", work.toString()).ok();
    assertThat(rclone("lsf", "-R", remote).ok().out()).contains("a.md").contains("sub/b.md");

    // a change on each side, and a deletion on each side
    Thread.sleep(1100);
    Files.writeString(local.resolve("a.md"), "a2 local\n");
    Files.delete(local.resolve("c.md"));
    Path staged = dir.resolve("staged.md");
    Files.writeString(staged, "new on the remote\n");
    rclone("copyto", staged.toString(), remote + "/remote-new.md").ok();
    rclone("deletefile", remote + "/sub/b.md").ok();

    rclone("bisync", local.toString(), remote, "--workdir", work.toString()).ok();

    assertThat(Files.readString(local.resolve("remote-new.md"))).isEqualTo("new on the remote\n");
    assertThat(local.resolve("sub/b.md")).doesNotExist();
    String remoteFiles = rclone("lsf", "-R", remote).ok().out();
    assertThat(remoteFiles).contains("a.md").contains("remote-new.md").doesNotContain("c.md").doesNotContain("b.md");
    assertThat(rclone("cat", remote + "/a.md").ok().out()).isEqualTo("a2 local\n");
    rclone("check", local.toString(), remote).ok();
  }
}
