package dev.silo.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Small-object PUT and GET ops/s over S3 against any S3 endpoint (Silo's S3 port, S3Proxy), so
 * that both are driven by the same client: HTTP/1.1 with keep-alive, every request signed with
 * SigV4 over its payload's SHA-256, a fixed number of concurrent workers. Used by {@code
 * bench/compare.sh}; prints one {@code RESULT name value} line per phase for it to parse. With
 * {@code --server-pid}, also the server process's CPU time (user + system, from {@code /proc})
 * per request of each phase, in microseconds: on a shared machine the other work moves ops/s a
 * lot and a server's CPU per request little. Its own CPU per request is printed too ({@code
 * _client_cpu_us}): with the client on the same cores as the server, no server can serve more
 * requests per second than the cores can sign and send. {@code --client plain} sends them over
 * plain sockets ({@link PlainHttpConnection}, one per worker) instead of the JDK's {@code
 * HttpClient}, which costs several times the CPU per request. With {@code --server-pid}, the
 * warm-up goes on, in rounds, until the server's JIT compiler has settled ({@link #settle}).
 *
 * <pre>
 * java -cp bench/target/silo-bench.jar dev.silo.bench.S3SmallBench --endpoint http://127.0.0.1:9000 \
 *   --access-key ID --secret-key SECRET --bucket B [--create-bucket] [--count 1000] [--size 4096] \
 *   [--concurrency 1,8,32] [--warmup 200] [--prefix run1] [--server-pid PID] [--client jdk|plain]
 * </pre>
 */
public final class S3SmallBench {
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  private static final String REGION = "us-east-1";

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI endpoint;
  private final String accessKey;
  private final String secretKey;
  private final String bucket;
  private final byte[] body;
  private final String bodyHash;
  private final String emptyHash;
  private final boolean plain;

  private S3SmallBench(URI endpoint, String accessKey, String secretKey, String bucket, int size, boolean plain) {
    this.endpoint = endpoint;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.bucket = bucket;
    this.body = new byte[size];
    new SplittableRandom(7).nextBytes(body);
    this.bodyHash = sha256Hex(body);
    this.emptyHash = sha256Hex(new byte[0]);
    this.plain = plain;
  }

  public static void main(String[] args) throws Exception {
    String endpoint = null, accessKey = null, secretKey = null, bucket = null, prefix = "run";
    int count = 1000, size = 4096, warmup = 200;
    long serverPid = 0;
    boolean createBucket = false;
    boolean plain = false;
    List<Integer> concurrency = List.of(1, 8, 32);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--endpoint" -> endpoint = args[++i];
        case "--access-key" -> accessKey = args[++i];
        case "--secret-key" -> secretKey = args[++i];
        case "--bucket" -> bucket = args[++i];
        case "--create-bucket" -> createBucket = true;
        case "--count" -> count = Integer.parseInt(args[++i]);
        case "--size" -> size = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--prefix" -> prefix = args[++i];
        case "--server-pid" -> serverPid = Long.parseLong(args[++i]);
        case "--client" -> {
          String client = args[++i];
          if (!client.equals("jdk") && !client.equals("plain")) {
            System.err.println("--client is jdk or plain");
            System.exit(2);
          }
          plain = client.equals("plain");
        }
        case "--concurrency" -> {
          List<Integer> levels = new ArrayList<>();
          for (String c : args[++i].split(",")) {
            levels.add(Integer.parseInt(c.strip()));
          }
          concurrency = levels;
        }
        default -> {
          System.err.println("unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    if (endpoint == null || accessKey == null || secretKey == null || bucket == null) {
      System.err.println("--endpoint, --access-key, --secret-key and --bucket are required");
      System.exit(2);
    }
    S3SmallBench bench = new S3SmallBench(URI.create(endpoint), accessKey, secretKey, bucket, size, plain);
    if (createBucket) {
      bench.send("PUT", "/" + bucket, null, 200, null);
    }
    if (warmup > 0) { // not measured: lets both servers' JIT settle and opens the connections
      bench.phase(prefix + "-warm", warmup, 8, true);
      bench.phase(prefix + "-warm", warmup, 8, false);
      if (serverPid > 0) {
        bench.settle(prefix + "-warm", serverPid, Math.max(2000, warmup / 4));
      }
    }
    for (int c : concurrency) {
      String keys = prefix + "-c" + c;
      for (boolean put : new boolean[] {true, false}) {
        String name = (put ? "put_c" : "get_c") + c;
        double cpuBefore = serverPid > 0 ? ProcessCpu.seconds(serverPid) : 0;
        double clientBefore = ProcessCpu.seconds(ProcessHandle.current().pid());
        print(name, bench.phase(keys, count, c, put), count);
        System.out.printf(Locale.ROOT, "RESULT %s_client_cpu_us %.1f%n", name,
            (ProcessCpu.seconds(ProcessHandle.current().pid()) - clientBefore) * 1e6 / count);
        if (serverPid > 0) {
          System.out.printf(Locale.ROOT, "RESULT %s_cpu_us %.1f%n", name, (ProcessCpu.seconds(serverPid) - cpuBefore) * 1e6 / count);
        }
      }
    }
  }

  private static void print(String name, long nanos, int count) {
    System.out.printf(Locale.ROOT, "RESULT %s %.1f%n", name, count / (nanos / 1e9));
  }

  /** The share of the server's CPU above which its JIT is taken to be still compiling the paths measured. */
  private static final double SETTLED = 0.03;

  /**
   * More unmeasured rounds of {@code round} PUTs and GETs at c = 8, at most ten, until the server's
   * JIT compiler threads take under {@link #SETTLED} of its CPU in one: a fixed warm-up that settles
   * one machine's JIT leaves a slower one's compiling for tens of thousands of requests more (a
   * tenth of Silo's CPU over the 16,000 after a 16,000-request warm-up on a 2.1 GHz Xeon).
   */
  private void settle(String prefix, long pid, int round) throws Exception {
    for (int i = 1; i <= 10; i++) {
      double all = ProcessCpu.seconds(pid), compiler = ProcessCpu.compilerSeconds(pid);
      phase(prefix, round, 8, true);
      phase(prefix, round, 8, false);
      double used = ProcessCpu.seconds(pid) - all;
      double share = used > 0 ? (ProcessCpu.compilerSeconds(pid) - compiler) / used : 0;
      System.err.printf(Locale.ROOT, "warm-up round %d: the JIT compiler took %.1f %% of the server's CPU%n", i, share * 100);
      if (share < SETTLED) {
        return;
      }
    }
    System.err.println("warm-up: the server's JIT was still compiling after ten rounds; measuring anyway");
  }

  /** {@code count} PUTs (or GETs) of {@code prefix/NNNNNN} by {@code workers} workers; wall time in ns. */
  private long phase(String prefix, int count, int workers, boolean put) throws Exception {
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        done.add(pool.submit(() -> {
          try (PlainHttpConnection connection = plain ? new PlainHttpConnection(endpoint) : null) {
            for (int i; (i = next.getAndIncrement()) < count; ) {
              String path = "/" + bucket + "/bench/" + prefix + "/" + String.format(Locale.ROOT, "%06d", i);
              try {
                if (put) {
                  send("PUT", path, body, 200, connection);
                } else {
                  byte[] got = send("GET", path, null, 200, connection);
                  if (got.length != body.length) {
                    throw new IOException("GET " + path + " returned " + got.length + " bytes");
                  }
                }
              } catch (Exception e) {
                next.set(count);
                throw e;
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    return System.nanoTime() - start;
  }

  /** One signed request, over {@code connection} when there is one, else the JDK's client. */
  private byte[] send(String method, String path, byte[] payload, int expected, PlainHttpConnection connection)
      throws IOException, InterruptedException {
    String payloadHash = payload == null ? emptyHash : bodyHash;
    String amzDate = ZonedDateTime.now(ZoneOffset.UTC).format(AMZ_DATE);
    String date = amzDate.substring(0, 8);
    String host = endpoint.getHost() + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : "");
    String canonicalPath = canonicalPath(path);
    String canonical = method + "\n" + canonicalPath + "\n\n"
        + "host:" + host + "\nx-amz-content-sha256:" + payloadHash + "\nx-amz-date:" + amzDate + "\n\n"
        + "host;x-amz-content-sha256;x-amz-date\n" + payloadHash;
    String scope = date + "/" + REGION + "/s3/aws4_request";
    String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, REGION);
    key = hmac(key, "s3");
    key = hmac(key, "aws4_request");
    String signature = HexFormat.of().formatHex(hmac(key, toSign));
    String authorization = "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope
        + ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + signature;
    if (connection != null) {
      PlainHttpConnection.Response response = connection.exchange(method, canonicalPath,
          Map.of("x-amz-date", amzDate, "x-amz-content-sha256", payloadHash, "Authorization", authorization),
          payload);
      if (response.status() != expected) {
        throw new IOException(method + " " + path + " answered " + response.status() + ": "
            + new String(response.body(), StandardCharsets.UTF_8));
      }
      return response.body();
    }
    HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(canonicalPath))
        .method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(payload))
        .header("x-amz-date", amzDate)
        .header("x-amz-content-sha256", payloadHash)
        .header("Authorization", authorization)
        .build();
    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != expected) {
      throw new IOException(method + " " + path + " answered " + response.statusCode() + ": "
          + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response.body();
  }

  private static String canonicalPath(String path) {
    StringBuilder out = new StringBuilder();
    for (String segment : path.substring(1).split("/", -1)) {
      out.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return out.toString();
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
