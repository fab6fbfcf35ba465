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

/**
 * s3cmd (the Debian package) against Silo's S3 endpoint with the configuration a user writes:
 * its default region ({@code US}, which the first request learns is us-east-1 from the answer),
 * buckets, uploads in parts, sync, info, metadata changes, moves, ACLs, signed URLs and lifecycle.
 */
@ExtendWith(NoErrorLogs.class)
class S3cmdTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static S3Fixture.Credential cred;
  static String s3cmd;

  @BeforeAll
  static void start() throws Exception {
    s3cmd = S3Fixture.binary("s3cmd", "/usr/bin/s3cmd");
    silo = TestSilo.start(dir.resolve("silo"));
    cred = S3Fixture.tenant(silo, "s3cmd", "{\"max_buckets\":3}", null);
    String host = URI.create(silo.s3Url()).getAuthority();
    // no bucket_location: s3cmd's default (US) is what a user who never set one has
    Files.writeString(dir.resolve("s3cfg"), "[default]\naccess_key = " + cred.accessKeyId() + "\nsecret_key = " + cred.secret()
        + "\nhost_base = " + host + "\nhost_bucket = " + host + "\nuse_https = False\n");
  }

  @AfterAll
  static void stop() throws Exception {
    if (silo != null) {
      silo.close();
    }
  }

  S3Fixture.Run s3cmd(String... args) throws Exception {
    List<String> c = cmd(s3cmd, "-c", dir.resolve("s3cfg").toString());
    c.addAll(List.of(args));
    return run(dir, Map.of("HOME", dir.toString()), c);
  }

  @Test
  void aUserOfS3cmdWorksWithBucketsAndObjects() throws Exception {
    assertThat(s3cmd("ls").ok().out()).contains("s3://s3cmd");
    assertThat(s3cmd("mb", "s3://s3cmd-extra").ok().out()).contains("created");

    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("docs"));
    Files.writeString(src.resolve("docs/a.txt"), "alpha\n");
    Files.writeString(src.resolve("docs/b.txt"), "beta\n");
    Path big = S3Fixture.randomFile(src.resolve("big.bin"), 12L << 20, 3);
    s3cmd("put", "--multipart-chunk-size-mb=5", big.toString(), "s3://s3cmd/big.bin").ok();
    try (var sdk = SdkClients.client(silo.s3Url(), cred.accessKeyId(), cred.secret())) {
      assertThat(sdk.headObject(r -> r.bucket("s3cmd").key("big.bin")).eTag()).as("uploaded in three parts").endsWith("-3\"");
    }
    Path back = dir.resolve("back.bin");
    s3cmd("get", "s3://s3cmd/big.bin", back.toString()).ok();
    assertThat(Files.mismatch(big, back)).isEqualTo(-1);

    assertThat(s3cmd("sync", src.resolve("docs").toString() + "/", "s3://s3cmd/docs/").ok().out()).contains("a.txt").contains("b.txt");
    assertThat(s3cmd("sync", src.resolve("docs").toString() + "/", "s3://s3cmd/docs/").ok().out()).as("nothing changed")
        .doesNotContain("upload:");
    assertThat(s3cmd("ls", "-r", "s3://s3cmd").ok().out()).contains("s3://s3cmd/docs/a.txt").contains("s3://s3cmd/big.bin");
    assertThat(s3cmd("du", "s3://s3cmd").ok().out()).contains("3 objects");
    assertThat(s3cmd("info", "s3://s3cmd").ok().out()).contains("Location:  us-east-1");

    s3cmd("modify", "--add-header=Cache-Control:max-age=60", "s3://s3cmd/docs/a.txt").ok();
    assertThat(cred.api().get("/v1/info/docs/a.txt?bucket=s3cmd").body()).contains("max-age=60");
    s3cmd("mv", "s3://s3cmd/docs/b.txt", "s3://s3cmd/docs/c.txt").ok();
    assertThat(s3cmd("ls", "s3://s3cmd/docs/").ok().out()).contains("c.txt").doesNotContain("b.txt");

    String publicUrl = "/v1/public/s3cmd/docs/a.txt?bucket=s3cmd";
    s3cmd("setacl", "--acl-public", "s3://s3cmd/docs/a.txt").ok();
    assertThat(silo.anonymous().get(publicUrl).body()).isEqualTo("alpha\n");
    s3cmd("setacl", "--acl-private", "s3://s3cmd/docs/a.txt").ok();
    assertThat(silo.anonymous().get(publicUrl).status()).isEqualTo(404);

    String signed = s3cmd("signurl", "s3://s3cmd/docs/c.txt", "+600").ok().out().strip();
    HttpResponse<String> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(signed)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo("beta\n");

    s3cmd("expire", "s3://s3cmd", "--expiry-days=30", "--expiry-prefix=tmp/").ok();
    assertThat(s3cmd("getlifecycle", "s3://s3cmd").ok().out()).contains("<Days>30</Days>").contains("tmp/");

    // the bucket's own CORS rules, for a web app's pages
    Path cors = dir.resolve("cors.xml");
    Files.writeString(cors, "<CORSConfiguration><CORSRule><AllowedOrigin>https://app.example</AllowedOrigin>"
        + "<AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedHeader>*</AllowedHeader>"
        + "<ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule></CORSConfiguration>");
    s3cmd("setcors", cors.toString(), "s3://s3cmd").ok();
    assertThat(s3cmd("info", "s3://s3cmd").ok().out()).contains("https://app.example").contains("<MaxAgeSeconds>600</MaxAgeSeconds>");
    s3cmd("delcors", "s3://s3cmd").ok();
    assertThat(s3cmd("info", "s3://s3cmd").ok().out()).doesNotContain("https://app.example");

    s3cmd("del", "--recursive", "--force", "s3://s3cmd/docs/").ok();
    assertThat(s3cmd("ls", "-r", "s3://s3cmd").ok().out()).doesNotContain("docs/");
    s3cmd("rb", "s3://s3cmd-extra").ok();
    assertThat(s3cmd("ls").ok().out()).doesNotContain("s3cmd-extra");
  }
}
