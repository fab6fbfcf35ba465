package dev.silo.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import dev.silo.store.s3.S3ProxyProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code silo migrate} from the filesystem to S3 (S3Proxy, a real S3 server): two tenants, a run
 * stopped half way by {@code --limit}, resumed, re-run as a no-op; then a Silo on the target
 * serves every object byte for byte, the inline ones from the metadata store they never left.
 */
class MigrateCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  @Test
  void copiesVerifiesResumesAndTheTargetServesEveryObject() throws Exception {
    Path data = dir.resolve("data");
    Map<String, byte[]> expected = new LinkedHashMap<>(); // "token key" -> bytes
    Random random = new Random(42);
    try (TestSilo source = TestSilo.start(data)) {
      for (String slug : new String[] {"mig-one", "mig-two"}) {
        Api t = source.tenant(slug, "{\"max_buckets\":3}");
        for (int i = 0; i < 3; i++) {
          // 1000 bytes: inline, in the metadata store; 70 kB and 3 MiB: blobs
          byte[] body = new byte[i == 0 ? 1000 : i == 1 ? 70_000 : 3 * 1024 * 1024 + 17];
          random.nextBytes(body);
          String key = "docs/" + i + ".bin";
          assertThat(t.put("/v1/objects/" + key, body, "Content-Type", "application/octet-stream").status()).isEqualTo(201);
          expected.put(t.token() + " " + key, body);
        }
        // a second bucket, same key
        assertThat(t.post("/v1/buckets", "{\"name\":\"photos\"}").status()).isEqualTo(201);
        byte[] photo = ("photo of " + slug).getBytes();
        assertThat(t.put("/v1/objects/docs/0.bin?bucket=photos", photo, "Content-Type", "image/jpeg").status()).isEqualTo(201);
        expected.put(t.token() + " docs/0.bin?bucket=photos", photo);
      }
    }

    try (S3ProxyProcess proxy = S3ProxyProcess.start(dir.resolve("s3proxy"))) {
      Path from = properties("from", Map.of("SILO_DATA_DIR", data.toString()));
      Map<String, String> s3 = new LinkedHashMap<>(proxy.siloSettings());
      s3.put("SILO_DATA_DIR", data.toString());
      s3.put("SILO_TENANCY", "prefix");
      s3.put("SILO_STORAGE_S3_BUCKET", "silo-migrated");
      Path to = properties("to", s3);

      Run first = migrate("--from-config", from.toString(), "--to-config", to.toString(), "--limit", "3");
      assertThat(first.exit()).as(first.toString()).isEqualTo(3);
      assertThat(first.out()).contains("copied 3").contains("stopped at --limit");

      Run second = migrate("--from-config", from.toString(), "--to-config", to.toString());
      assertThat(second.exit()).as(second.toString()).isZero();
      assertThat(second.out())
          .contains("tenants 2, objects 4 (and 4 inline, kept in the metadata store): copied 1")
          .contains("already done 3, failed 0");

      Run third = migrate("--from-config", from.toString(), "--to-config", to.toString());
      assertThat(third.exit()).as(third.toString()).isZero();
      assertThat(third.out()).contains("copied 0 (0 bytes), already done 4, failed 0");

      try (TestSilo target = TestSilo.start(data, s3)) {
        HttpClient http = HttpClient.newHttpClient();
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
          String[] tokenAndKey = e.getKey().split(" ", 2);
          HttpResponse<byte[]> got =
              http.send(
                  HttpRequest.newBuilder(URI.create(target.url() + "/v1/objects/" + tokenAndKey[1]))
                      .header("Authorization", "Bearer " + tokenAndKey[0])
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
          assertThat(got.statusCode()).as(tokenAndKey[1]).isEqualTo(200);
          assertThat(got.body()).as(tokenAndKey[1]).isEqualTo(e.getValue());
        }
      }
    }
  }

  @Test
  void aCorruptSourceBlobIsReportedAndNotRecorded() throws Exception {
    Path data = dir.resolve("data");
    // a plain-text blob: the proof by SHA-256 is what is tested (an encrypted blob is proven by its stored size)
    try (TestSilo source = TestSilo.start(data, Map.of("SILO_ENCRYPTION", "off"))) {
      Path ignored = properties("running", Map.of("SILO_DATA_DIR", data.toString()));
      Run beside = migrate("--from-config", ignored.toString(), "--to-config", ignored.toString());
      assertThat(beside.exit()).isNotZero();
      assertThat(beside.err()).contains("a Silo is running on");
      // over SILO_INLINE_MAX, so that it is a blob file
      String original = "original".repeat(10_000);
      assertThat(source.tenant("mig-bad").put("/v1/objects/a.txt", original, "Content-Type", "text/plain").status()).isEqualTo(201);
    }
    // flip the blob's bytes behind Silo's back (same length)
    Path blob;
    try (var files = Files.walk(data.resolve("blobs"))) {
      blob = files.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
    Files.writeString(blob, "ORIGINAL".repeat(10_000));
    Path from = properties("from", Map.of("SILO_DATA_DIR", data.toString()));
    Path to = properties("to", Map.of("SILO_DATA_DIR", data.toString(), "SILO_TENANCY", "prefix", "SILO_STORAGE_S3_BUCKET", "target"));
    // fs to fs (prefix layout) is enough to see the proof fail
    Run run = migrate("--from-config", from.toString(), "--to-config", to.toString());
    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("mig-bad").contains("SHA-256");
    assertThat(run.out()).contains("copied 0").contains("failed 1");
    assertThat(Files.readString(data.resolve("migrate-progress.tsv"))).isEmpty();
  }

  private Path properties(String name, Map<String, String> settings) throws Exception {
    Properties p = new Properties();
    p.putAll(settings);
    Path file = dir.resolve(name + ".properties");
    try (Writer w = Files.newBufferedWriter(file)) {
      p.store(w, null);
    }
    return file;
  }

  private static Run migrate(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 1];
    all[0] = "migrate";
    System.arraycopy(args, 0, all, 1, args.length);
    int exit = cmd.execute(all);
    return new Run(exit, out.toString(), err.toString());
  }
}
