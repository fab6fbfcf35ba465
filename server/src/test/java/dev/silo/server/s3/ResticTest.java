package dev.silo.server.s3;

import static dev.silo.server.s3.S3Fixture.cmd;
import static dev.silo.server.s3.S3Fixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.silo.server.it.TestSilo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * restic (the Debian package; minio-go underneath) backing up to Silo's S3 endpoint: a repository
 * made, two backups, every byte read back and checked, a restore equal to the source, and a prune
 * that deletes what the forgotten snapshot alone held.
 */
@ExtendWith(NoErrorLogs.class)
class ResticTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static S3Fixture.Credential cred;
  static String restic;

  @BeforeAll
  static void start() throws Exception {
    restic = S3Fixture.binary("restic", "/usr/bin/restic");
    silo = TestSilo.start(dir.resolve("silo"));
    cred = S3Fixture.tenant(silo, "restic", null, null);
  }

  @AfterAll
  static void stop() throws Exception {
    if (silo != null) {
      silo.close();
    }
  }

  S3Fixture.Run restic(String... args) throws Exception {
    List<String> c = cmd(restic, "--repo", "s3:" + silo.s3Url() + "/restic/backups", "--no-cache");
    c.addAll(List.of(args));
    return run(dir, Map.of("AWS_ACCESS_KEY_ID", cred.accessKeyId(), "AWS_SECRET_ACCESS_KEY", cred.secret(),
        "RESTIC_PASSWORD", "correct horse battery staple", "HOME", dir.toString()), c);
  }

  @Test
  void backupsAreMadeCheckedRestoredAndPruned() throws Exception {
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("notes"));
    Files.writeString(src.resolve("notes/todo.md"), "- back up\n");
    S3Fixture.randomFile(src.resolve("data.bin"), 6L << 20, 11);
    restic("init").ok();
    restic("backup", src.toString()).ok();
    S3Fixture.randomFile(src.resolve("data.bin"), 6L << 20, 12);
    Files.writeString(src.resolve("notes/done.md"), "- nothing\n");
    restic("backup", src.toString()).ok();
    assertThat(new ObjectMapper().readTree(restic("snapshots", "--json").ok().out())).hasSize(2);

    assertThat(restic("check", "--read-data").ok().out()).contains("no errors were found");
    Path out = dir.resolve("restored");
    restic("restore", "latest", "--target", out.toString()).ok();
    // restic restores a path whole, under the target
    assertThat(S3Fixture.tree(out.resolve(src.toString().substring(1)))).isEqualTo(S3Fixture.tree(src));

    long before = usage();
    restic("forget", "--keep-last", "1", "--prune").ok();
    assertThat(new ObjectMapper().readTree(restic("snapshots", "--json").ok().out())).hasSize(1);
    assertThat(usage()).as("the first backup's data is gone").isLessThan(before - (5L << 20));
    assertThat(restic("check").ok().out()).contains("no errors were found");
  }

  private long usage() {
    return cred.api().get("/v1/tenant").json().path("usage").path("bytes").asLong();
  }
}
