package dev.silo.server.s3;

import static dev.silo.server.s3.S3Fixture.cmd;
import static dev.silo.server.s3.S3Fixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.TestSilo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** aws-cli (the Debian package) against Silo's S3 endpoint: cp, multipart cp, ls, sync, presign, rm. */
@ExtendWith(NoErrorLogs.class)
class AwsCliTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static S3Fixture.Credential cred;
  static String aws;
  static Map<String, String> env;

  @BeforeAll
  static void start() throws Exception {
    aws = S3Fixture.binary("aws", "/usr/bin/aws");
    silo = TestSilo.start(dir.resolve("silo"));
    cred = S3Fixture.tenant(silo, "awscli", null, null);
    env = S3Fixture.awsEnv(dir, cred);
  }

  @AfterAll
  static void stop() throws Exception {
    if (silo != null) {
      silo.close();
    }
  }

  S3Fixture.Run aws(String... args) throws Exception {
    List<String> c = cmd(aws, "--endpoint-url", silo.s3Url());
    c.addAll(List.of(args));
    return run(dir, env, c);
  }

  @Test
  void copyListSyncPresignAndRemove() throws Exception {
    String b = "s3://awscli";
    Path small = dir.resolve("small.txt");
    Files.writeString(small, "hello from aws-cli\n");
    aws("s3", "cp", small.toString(), b + "/docs/small.txt").ok();
    aws("s3", "cp", b + "/docs/small.txt", dir.resolve("small-back.txt").toString()).ok();
    assertThat(Files.readString(dir.resolve("small-back.txt"))).isEqualTo("hello from aws-cli\n");

    // 64 MiB: aws-cli switches to multipart at 8 MiB, in 8 MiB parts
    Path big = S3Fixture.randomFile(dir.resolve("big.bin"), 64L << 20, 42);
    aws("s3", "cp", big.toString(), b + "/big.bin").ok();
    aws("s3", "cp", b + "/big.bin", dir.resolve("big-back.bin").toString()).ok();
    assertThat(Files.mismatch(big, dir.resolve("big-back.bin"))).isEqualTo(-1);
    String head = aws("s3api", "head-object", "--bucket", "awscli", "--key", "big.bin").ok().out();
    assertThat(head).contains("-8\\\"").contains("67108864");
    // one part by number, as parallel downloaders ask for it
    Path part = dir.resolve("part2.bin");
    String got2 = aws("s3api", "get-object", "--bucket", "awscli", "--key", "big.bin", "--part-number", "2", part.toString()).ok().out();
    assertThat(got2).contains("\"PartsCount\": 8").contains("\"ContentRange\": \"bytes 8388608-16777215/67108864\"");
    byte[] all = Files.readAllBytes(big);
    assertThat(Files.readAllBytes(part)).isEqualTo(java.util.Arrays.copyOfRange(all, 8 << 20, 16 << 20));
    // creating the bucket it owns is a no-op in us-east-1
    aws("s3api", "create-bucket", "--bucket", "awscli").ok();

    assertThat(aws("s3", "ls").ok().out()).contains("awscli");
    String listing = aws("s3", "ls", b + "/").ok().out();
    assertThat(listing).contains("PRE docs/").contains("big.bin");

    Path tree = dir.resolve("tree");
    Files.createDirectories(tree.resolve("a/b/c"));
    Files.writeString(tree.resolve("top.txt"), "top");
    Files.writeString(tree.resolve("a/one.txt"), "one");
    Files.writeString(tree.resolve("a/b/two.txt"), "two");
    Files.writeString(tree.resolve("a/b/c/three words €.txt"), "three");
    aws("s3", "sync", tree.toString(), b + "/tree").ok();
    Path down = dir.resolve("down");
    aws("s3", "sync", b + "/tree", down.toString()).ok();
    assertThat(S3Fixture.tree(down)).isEqualTo(S3Fixture.tree(tree));
    assertThat(aws("s3", "sync", tree.toString(), b + "/tree").ok().out()).as("nothing left to sync").isBlank();

    String url = aws("s3", "presign", b + "/docs/small.txt", "--expires-in", "300").ok().out().strip();
    HttpResponse<String> got =
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo("hello from aws-cli\n");
    HttpResponse<String> altered =
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.replace("small.txt", "big.bin"))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(altered.statusCode()).isEqualTo(403);
    assertThat(altered.body()).contains("<Code>SignatureDoesNotMatch</Code>");

    // the object is the same through REST
    assertThat(cred.api().get("/v1/objects/tree/a/one.txt").body()).isEqualTo("one");

    aws("s3", "rm", "--recursive", b + "/").ok();
    assertThat(aws("s3", "ls", "--recursive", b + "/").out()).isBlank();
  }
}
