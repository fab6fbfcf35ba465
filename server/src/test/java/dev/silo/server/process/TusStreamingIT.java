package dev.silo.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory stays flat during a 2 GiB TUS upload: a server with a 128 MiB heap receives it in 64 MiB
 * PATCHes (streamed, never buffered), publishes it on the last byte, and its peak RSS stays far
 * below the upload; the object's SHA-256 is the one sent. On the filesystem here, on S3 in
 * {@link TusStreamingOnS3IT}.
 */
class TusStreamingIT {
  private static final long SIZE = 2L << 30;
  private static final long CHUNK = 64L << 20;
  private static final long MAX_PEAK_RSS_KIB = 600 * 1024;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir static Path tmp;
  static SiloProcess silo;
  static String apiKey;

  @BeforeAll
  static void start() throws Exception {
    silo = new SiloProcess("TusStreamingIT", tmp.resolve("data")).jvmOptions("-Xmx128m").start();
    apiKey = silo.createTenant("acme");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (silo != null) {
      silo.close();
    }
  }

  @Test
  void twoGibInChunksWithASmallHeap() throws Exception {
    uploadTwoGibWithFlatMemory(silo, apiKey, "filesystem");
  }

  /**
   * Sends 2 GiB in 64 MiB PATCHes to a server started with a small heap, then checks the object
   * and the server's peak RSS.
   */
  static void uploadTwoGibWithFlatMemory(SiloProcess silo, String apiKey, String backend) throws Exception {
    String meta = "key " + Base64.getEncoder().encodeToString("big/tus.bin".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> created =
        HTTP.send(
            request(silo, apiKey, "/v1/tus/").header("Upload-Length", Long.toString(SIZE)).header("Upload-Metadata", meta)
                .POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    String location = created.headers().firstValue("Location").orElseThrow();
    GeneratedStream body = new GeneratedStream(21, SIZE);
    long t0 = System.nanoTime();
    long lastPatchMs = 0;
    for (long offset = 0; offset < SIZE; offset += CHUNK) {
      long patchStart = System.nanoTime();
      InputStream window = new Window(body, CHUNK);
      HttpResponse<String> r =
          HTTP.send(
              request(silo, apiKey, location)
                  .header("Upload-Offset", Long.toString(offset))
                  .header("Content-Type", "application/offset+octet-stream")
                  .method("PATCH", HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> window), CHUNK))
                  .timeout(Duration.ofMinutes(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
      assertThat(r.headers().firstValue("Upload-Offset")).contains(Long.toString(offset + CHUNK));
      lastPatchMs = (System.nanoTime() - patchStart) / 1_000_000;
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    var info = new ObjectMapper().readTree(silo.as(apiKey).get("/v1/info/big/tus.bin").body());
    assertThat(info.path("size").asLong()).isEqualTo(SIZE);
    assertThat(info.path("sha256").asText()).isEqualTo(body.sha256Hex());
    assertThat(silo.alive()).isTrue();
    assertThat(silo.stderr()).doesNotContain("OutOfMemoryError");
    long hwm = silo.procStatusKiB("VmHWM");
    System.out.printf(
        "[TusStreamingIT] %s: 2 GiB in 64 MiB PATCHes: %d ms (%.0f MiB/s), the last one (with publication) %d ms;"
            + " server VmHWM %d MiB%n",
        backend, ms, (SIZE >> 20) * 1000.0 / ms, lastPatchMs, hwm / 1024);
    assertThat(hwm).as("peak RSS of the server in KiB").isLessThan(MAX_PEAK_RSS_KIB);
  }

  private static HttpRequest.Builder request(SiloProcess silo, String apiKey, String path) {
    return HttpRequest.newBuilder(URI.create(silo.url() + path))
        .header("Authorization", "Bearer " + apiKey)
        .header("Tus-Resumable", "1.0.0");
  }

  /** The next {@code left} bytes of a stream, without closing it. */
  private static final class Window extends FilterInputStream {
    private long left;

    Window(InputStream in, long left) {
      super(in);
      this.left = left;
    }

    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public int read() throws java.io.IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public void close() {}
  }
}
