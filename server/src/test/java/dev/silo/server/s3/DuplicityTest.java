package dev.silo.server.s3;

import static dev.silo.server.s3.S3Fixture.cmd;
import static dev.silo.server.s3.S3Fixture.run;
import static org.assertj.core.api.Assertions.assertThat;

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
 * duplicity (the Debian package, through its boto3 back end) backing up to Silo's S3 endpoint,
 * encrypted with a passphrase: a full backup and an incremental one, verified against the source
 * byte for byte, restored equal to it, and the older chain removed once a newer full backup exists.
 */
@ExtendWith(NoErrorLogs.class)
class DuplicityTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static S3Fixture.Credential cred;
  static String duplicity;

  @BeforeAll
  static void start() throws Exception {
    duplicity = S3Fixture.binary("duplicity", "/usr/bin/duplicity");
    silo = TestSilo.start(dir.resolve("silo"));
    cred = S3Fixture.tenant(silo, "duplicity", null, null);
  }

  @AfterAll
  static void stop() throws Exception {
    if (silo != null) {
      silo.close();
    }
  }

  S3Fixture.Run duplicity(String... args) throws Exception {
    List<String> c = cmd(duplicity);
    c.addAll(List.of(args));
    c.addAll(List.of("--s3-endpoint-url", silo.s3Url(), "--archive-dir", dir.resolve("cache").toString(), "--num-retries", "1"));
    return run(dir, Map.of("AWS_ACCESS_KEY_ID", cred.accessKeyId(), "AWS_SECRET_ACCESS_KEY", cred.secret(),
        "AWS_DEFAULT_REGION", "us-east-1", "PASSPHRASE", "correct horse battery staple", "HOME", dir.toString()), c);
  }

  @Test
  void backupsAreMadeVerifiedRestoredAndOldChainsRemoved() throws Exception {
    String target = "boto3+s3://duplicity/backups";
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("notes"));
    Files.writeString(src.resolve("notes/todo.md"), "- back up\n");
    S3Fixture.randomFile(src.resolve("data.bin"), 6L << 20, 21);
    duplicity("full", src.toString(), target).ok();
    S3Fixture.randomFile(src.resolve("data.bin"), 6L << 20, 22);
    Files.writeString(src.resolve("notes/done.md"), "- nothing\n");
    duplicity("incremental", src.toString(), target).ok();
    assertThat(duplicity("collection-status", target).ok().out()).contains("Full").contains("Incremental");

    assertThat(duplicity("verify", "--compare-data", target, src.toString()).ok().out()).contains("0 differences found");
    Path out = dir.resolve("restored");
    duplicity("restore", target, out.toString()).ok();
    assertThat(S3Fixture.tree(out)).isEqualTo(S3Fixture.tree(src));

    duplicity("full", src.toString(), target).ok();
    long before = usage();
    duplicity("remove-all-but-n-full", "1", "--force", target).ok();
    assertThat(usage()).as("the first chain's volumes are gone").isLessThan(before - (5L << 20));
    assertThat(duplicity("verify", target, src.toString()).ok().out()).contains("0 differences found");
  }

  private long usage() {
    return cred.api().get("/v1/tenant").json().path("usage").path("bytes").asLong();
  }
}
