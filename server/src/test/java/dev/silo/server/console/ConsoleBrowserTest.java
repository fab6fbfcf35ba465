package dev.silo.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in a real browser: {@code server/src/test/browser/console.mjs} drives Debian's
 * chromium ({@code /usr/bin/chromium}) with playwright-core and runs axe-core in it (both from
 * npm, pinned by that folder's package-lock.json; {@code .ci/run} runs {@code npm ci} there).
 * Against a real Silo: sign-in, buckets, folders, three uploads over TUS (one of 200 MB), a page
 * reload in the middle of another that then resumes, CSV and image previews, share links, public
 * objects, keys, S3 credentials, webhooks, the audit log, usage, the operator's tenants, the
 * rendering of hostile names and cells as text, and no serious accessibility violation. The
 * screenshots land in {@code target/console-screenshots/}.
 */
class ConsoleBrowserTest {
  @TempDir Path dir;

  @Test
  void aPersonRunsSiloFromTheBrowser() throws Exception {
    BrowserScript.assumeRunnable();

    long start = System.nanoTime();
    Path files = Files.createDirectories(dir.resolve("files"));
    Path big = files.resolve("big.bin");
    Path big2 = files.resolve("big2.bin");
    String bigSha = generate(big, 200L << 20, 1);
    String big2Sha = generate(big2, 80L << 20, 2);
    Path shots = Path.of("target/console-screenshots").toAbsolutePath();
    System.out.printf("test files written in %d ms%n", (System.nanoTime() - start) / 1_000_000);

    try (TestSilo silo = TestSilo.start(dir.resolve("silo"), Map.of("SILO_WEBHOOK_ALLOW_PRIVATE", "true"))) {
      Api tenant = silo.tenant("acme", "{\"max_buckets\":5}");
      Map<String, String> env =
          Map.of(
              "SILO_URL", silo.url(),
              "SILO_KEY", tenant.token(),
              "SILO_TENANT", "acme",
              "SILO_OPERATOR", TestSilo.ADMIN,
              "WORK_DIR", files.toString(),
              "SHOTS_DIR", shots.toString(),
              "BIG_FILE", big.toString(),
              "BIG_SHA256", bigSha,
              "BIG2_FILE", big2.toString(),
              "BIG2_SHA256", big2Sha);
      System.out.printf("Silo started in %d ms%n", (System.nanoTime() - start) / 1_000_000);
      List<String> out = BrowserScript.run("console.mjs", env, Duration.ofSeconds(240));
      System.out.printf("browser test done at %d ms%n", (System.nanoTime() - start) / 1_000_000);
      assertThat(out.getLast()).as(String.join("\n", out)).startsWith("{\"ok\":true");
      // a poisoned name in the listing must not have changed anything server-side either
      assertThat(tenant.get("/v1/buckets").json().get("items").size()).isEqualTo(2);
    }
    System.out.printf("Silo stopped at %d ms%n", (System.nanoTime() - start) / 1_000_000);
    for (String name : List.of("01-sign-in", "02-buckets", "04-uploaded", "05-csv-preview", "07-keys", "12-operator-tenants")) {
      assertThat(shots.resolve(name + ".png")).isNotEmptyFile();
    }
  }

  /**
   * {@code size} bytes: one pseudo-random MiB, stamped with its index so that no two MiB are
   * alike (a resumed upload that skipped or repeated one would change the hash). Returns the
   * SHA-256 (hex).
   */
  private static String generate(Path file, long size, long seed) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] block = new byte[1 << 20];
    new Random(seed).nextBytes(block);
    java.nio.ByteBuffer stamp = java.nio.ByteBuffer.wrap(block);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size, i = 0; left > 0; left -= block.length, i++) {
        stamp.putLong(0, i);
        int n = (int) Math.min(block.length, left);
        out.write(block, 0, n);
        sha.update(block, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
