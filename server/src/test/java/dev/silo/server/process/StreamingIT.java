package dev.silo.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory does not grow with object size: a server with a 128 MiB heap takes and serves a 2 GiB
 * object, with a declared length and chunked, and its peak RSS stays far below the object. The
 * test streams too: the body is generated and hashed on the fly and the download hashed as read.
 */
class StreamingIT {
  private static final long GiB = 1L << 30;
  private static final long MiB = 1L << 20;
  private static final long SIZE = 2 * GiB;
  private static final long MAX_PEAK_RSS_KIB = 600 * 1024;

  @TempDir static Path tmp;
  static SiloProcess silo;
  static RawHttp client;
  static String apiKey;

  @BeforeAll
  static void start() throws Exception {
    silo = new SiloProcess("StreamingIT", tmp.resolve("data")).jvmOptions("-Xmx128m").start();
    apiKey = silo.createTenant("acme");
    client = new RawHttp(silo.url(), apiKey);
    System.out.printf("[StreamingIT] server pid %d after start: VmRSS %d MiB, VmHWM %d MiB%n",
        silo.pid(), silo.procStatusKiB("VmRSS") / 1024, silo.procStatusKiB("VmHWM") / 1024);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (silo != null) {
      silo.close();
    }
  }

  @Test
  void twoGibWithContentLength() throws Exception {
    roundTrip("big/declared.bin", 11, SIZE);
  }

  @Test
  void twoGibChunked() throws Exception {
    roundTrip("big/chunked.bin", 12, -1);
  }

  private void roundTrip(String key, long seed, long declaredLength) throws Exception {
    GeneratedStream body = new GeneratedStream(seed, SIZE);
    long t0 = System.nanoTime();
    var put = client.put("/v1/objects/" + key, body, declaredLength, Duration.ofMinutes(5));
    long uploadMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(put.status()).as(put.body()).isEqualTo(201);
    assertThat(body.position()).isEqualTo(SIZE);
    String sentSha = body.sha256Hex();
    JsonNode object = new ObjectMapper().readTree(put.body());
    assertThat(object.get("size").asLong()).isEqualTo(SIZE);
    assertThat(object.get("sha256").asText()).isEqualTo(sentSha);

    long t1 = System.nanoTime();
    var got = client.download("GET", "/v1/objects/" + key, Duration.ofMinutes(5));
    long downloadMs = (System.nanoTime() - t1) / 1_000_000;
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.length()).isEqualTo(SIZE);
    assertThat(got.sha256()).isEqualTo(sentSha);

    assertThat(silo.alive()).as("server survived").isTrue();
    assertThat(silo.stderr()).doesNotContain("OutOfMemoryError");
    long hwm = silo.procStatusKiB("VmHWM");
    long rss = silo.procStatusKiB("VmRSS");
    System.out.printf(
        "[StreamingIT] %s (%s): upload %d ms (%.0f MiB/s), download %d ms (%.0f MiB/s); server VmHWM %d MiB, VmRSS %d MiB%n",
        key, declaredLength >= 0 ? "Content-Length" : "chunked",
        uploadMs, SIZE / MiB * 1000.0 / uploadMs, downloadMs, SIZE / MiB * 1000.0 / downloadMs, hwm / 1024, rss / 1024);
    assertThat(hwm).as("peak RSS of the server in KiB").isLessThan(MAX_PEAK_RSS_KIB);

    // Free the disk for the next transfer.
    assertThat(silo.as(apiKey).delete("/v1/objects/" + key).status()).isEqualTo(204);
  }
}
