package dev.silo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.silo.core.content.ImageEngine;
import dev.silo.core.content.ImageFormat;
import dev.silo.core.content.Transform;
import dev.silo.image.ImageIoEngine;
import dev.silo.image.LibvipsEngine;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;

/**
 * Content figures against a running Silo: transforms/s of a 4000×3000 JPEG to a 400 px WebP,
 * cold (every request a new parameter set, so a decode) and cached, sequential and concurrent;
 * the same transform in-process with libvips and with the ImageIO fallback (to JPEG, which
 * ImageIO can write); and CSV preview latency for a 1 MiB and a 1 GiB object.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp bench/target/silo-bench.jar dev.silo.bench.ContentBench \
 *     --url http://127.0.0.1:8080 --token $(cat data/admin.token) [--csv-size 1073741824]</pre>
 */
public final class ContentBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private String key;

  private ContentBench(String base) {
    this.base = base;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String url = opts.getOrDefault("url", "http://127.0.0.1:8080");
    long csvSize = Long.parseLong(opts.getOrDefault("csv-size", String.valueOf(1L << 30)));
    int cold = Math.min(50, Integer.parseInt(opts.getOrDefault("cold", "50"))); // distinct qualities: 50 per run
    int threads = Integer.parseInt(opts.getOrDefault("threads", String.valueOf(Runtime.getRuntime().availableProcessors())));
    ContentBench b = new ContentBench(url);
    String token = opts.get("token");
    String slug = "bench-content-" + Integer.toHexString(new Random().nextInt(1 << 24));
    b.send("POST", "/v1/tenants", token, "{\"slug\":\"" + slug + "\",\"name\":\"content bench\"}", 201);
    b.key = JSON.readTree(b.send("POST", "/v1/tenants/" + slug + "/keys", token, "{\"name\":\"bench\"}", 201)).get("key").asText();
    try {
      b.images(cold, threads);
      b.previews(csvSize);
    } finally {
      b.send("DELETE", "/v1/tenants/" + slug, token, null, 200, 204);
    }
  }

  private void images(int cold, int threads) throws Exception {
    byte[] jpeg = photo(4000, 3000);
    System.out.printf("source: 4000x3000 JPEG, %d bytes%n", jpeg.length);
    put("bench/photo.jpg", HttpRequest.BodyPublishers.ofByteArray(jpeg), "image/jpeg");
    // cold: each quality value is another transform, so each request decodes
    double seq = rate(cold, 1, i -> "/v1/objects/bench/photo.jpg?width=400&format=webp&quality=" + (1 + i % 50), "miss");
    System.out.printf("HTTP 4000x3000 JPEG -> 400px WebP, cold, 1 client:  %.1f transforms/s%n", seq);
    double par = rate(cold, threads, i -> "/v1/objects/bench/photo.jpg?width=400&format=webp&quality=" + (51 + i % 50), "miss");
    System.out.printf("HTTP 4000x3000 JPEG -> 400px WebP, cold, %d clients: %.1f transforms/s%n", threads, par);
    get("/v1/objects/bench/photo.jpg?width=400&format=webp");
    double hit1 = rate(cold * 20, 1, i -> "/v1/objects/bench/photo.jpg?width=400&format=webp", "hit");
    System.out.printf("HTTP 400px WebP, cached, 1 client:  %.0f transforms/s%n", hit1);
    double hitN = rate(cold * 20, threads, i -> "/v1/objects/bench/photo.jpg?width=400&format=webp", "hit");
    System.out.printf("HTTP 400px WebP, cached, %d clients: %.0f transforms/s%n", threads, hitN);

    // in-process, engine against engine (JPEG out: ImageIO has no WebP encoder)
    Transform t = Transform.parse(Map.of("width", "400"));
    for (ImageEngine e : new ImageEngine[] {LibvipsEngine.load().orElse(null), new ImageIoEngine()}) {
      if (e == null) {
        System.out.println("in-process libvips: not installed");
        continue;
      }
      var size = e.probe(jpeg).orElseThrow();
      for (int i = 0; i < 3; i++) {
        e.transform(jpeg, size, t, ImageFormat.JPEG);
      }
      int n = 20;
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        e.transform(jpeg, size, t, ImageFormat.JPEG);
      }
      double s = (System.nanoTime() - start) / 1e9;
      System.out.printf("in-process %-16s 4000x3000 JPEG -> 400px JPEG: %.1f transforms/s (%.0f ms each)%n", e.name(), n / s, s * 1000 / n);
    }
  }

  private void previews(long bigSize) throws Exception {
    for (long size : new long[] {1L << 20, bigSize}) {
      String name = "bench/series-" + size + ".csv";
      long t0 = System.nanoTime();
      put(name, HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> new CsvStream(size)), size), "text/csv");
      System.out.printf("uploaded %d-byte CSV in %.1f s%n", size, (System.nanoTime() - t0) / 1e9);
      for (int i = 0; i < 5; i++) {
        get("/v1/preview/" + name);
      }
      long[] ms = new long[30];
      JsonNode last = null;
      for (int i = 0; i < ms.length; i++) {
        long s = System.nanoTime();
        last = JSON.readTree(get("/v1/preview/" + name));
        ms[i] = (System.nanoTime() - s) / 1000;
      }
      Arrays.sort(ms);
      System.out.printf("preview of %,d-byte CSV: p50 %.1f ms, p90 %.1f ms (bytes_read %d, truncated %s, frequency %s)%n",
          size, ms[ms.length / 2] / 1000.0, ms[ms.length * 9 / 10] / 1000.0, last.get("bytes_read").asLong(),
          last.get("truncated").asBoolean(), last.get("frequency").asText());
    }
  }

  @FunctionalInterface
  private interface Path {
    String of(int i);
  }

  private double rate(int n, int threads, Path path, String expectCache) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        fs.add(pool.submit(() -> {
          HttpResponse<byte[]> r = http.send(request(path.of(k)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
          if (r.statusCode() != 200 || !expectCache.equals(r.headers().firstValue("X-Silo-Transform-Cache").orElse(""))) {
            throw new IllegalStateException("unexpected " + r.statusCode() + " " + r.headers().map());
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      return n / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdown();
    }
  }

  private String get(String path) throws Exception {
    HttpResponse<String> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + " -> " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  private void put(String objectKey, HttpRequest.BodyPublisher body, String type) throws Exception {
    HttpResponse<String> r =
        http.send(request("/v1/objects/" + objectKey).header("Content-Type", type).PUT(body).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException("PUT " + objectKey + " -> " + r.statusCode() + " " + r.body());
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(10)).header("Authorization", "Bearer " + key);
  }

  private String send(String method, String path, String token, String json, int... ok) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (Arrays.stream(ok).noneMatch(c -> c == r.statusCode())) {
      throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  /** A photo-like JPEG: gradients and shapes, so it compresses like a picture, not like a flat fill. */
  private static byte[] photo(int w, int h) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setPaint(new GradientPaint(0, 0, Color.ORANGE, w, h, Color.BLUE));
    g.fillRect(0, 0, w, h);
    Random r = new Random(1);
    for (int i = 0; i < 400; i++) {
      g.setColor(new Color(r.nextInt(0xffffff)));
      g.fillOval(r.nextInt(w), r.nextInt(h), 20 + r.nextInt(300), 20 + r.nextInt(300));
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "jpeg", out);
    return out.toByteArray();
  }

  /** {@code size} bytes of an hourly series {@code timestamp,meter,load}, generated as it is read. */
  static final class CsvStream extends InputStream {
    private final long size;
    private long position;
    private byte[] line = "timestamp,meter,load\n".getBytes(StandardCharsets.UTF_8);
    private int at;
    private long n;

    CsvStream(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int done = 0;
      while (done < len && position < size) {
        if (at == line.length) {
          long hour = n / 4;
          String ts = LocalDate.of(2000, 1, 1).atStartOfDay().plusHours(hour).toString().replace('T', ' ');
          line = (ts + ",m" + (n % 4) + "," + (100 + (n * 37) % 900) / 10.0 + "\n").getBytes(StandardCharsets.US_ASCII);
          at = 0;
          n++;
        }
        int k = (int) Math.min(Math.min(len - done, line.length - at), size - position);
        System.arraycopy(line, at, b, off + done, k);
        at += k;
        done += k;
        position += k;
      }
      return done;
    }
  }
}
