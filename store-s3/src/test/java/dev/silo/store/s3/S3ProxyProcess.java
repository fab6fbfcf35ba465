package dev.silo.store.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 server for tests: S3Proxy with its filesystem provider, in its own JVM on a loopback
 * port, so that a test can kill it (mid-upload, say) and start it again on the same data.
 *
 * <p>Its classpath is written at build time by the dependency plugin (see this module's pom): S3Proxy
 * needs Jetty 11, Silo runs Jetty 12, so the two never share a JVM.
 */
public final class S3ProxyProcess implements AutoCloseable {
  public static final String IDENTITY = "silo-test-identity";
  public static final String CREDENTIAL = "silo-test-credential";

  private final Path dir;
  private final int port;
  private Process process;
  private final Thread reaper = new Thread(this::kill, "s3proxy-reaper");

  private S3ProxyProcess(Path dir, int port) {
    this.dir = dir;
    this.port = port;
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /** Starts S3Proxy storing under {@code dir} on a free loopback port. */
  public static S3ProxyProcess start(Path dir) throws IOException {
    S3ProxyProcess proxy = new S3ProxyProcess(dir, freePort());
    proxy.startProcess();
    return proxy;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  /** Settings for a store on this proxy: short timeouts and few retries, so faults show fast. */
  public S3StoreSettings settings() {
    return S3StoreSettings.of(endpoint(), "us-east-1", IDENTITY, CREDENTIAL)
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(20))
        .withMaxAttempts(2);
  }

  /** The {@code SILO_STORAGE_S3_*} settings of a Silo server on this proxy. */
  public Map<String, String> siloSettings() {
    return Map.of(
        "SILO_STORAGE", "s3",
        "SILO_STORAGE_S3_ENDPOINT", endpoint().toString(),
        "SILO_STORAGE_S3_REGION", "us-east-1",
        "SILO_STORAGE_S3_ACCESS_KEY_ID", IDENTITY,
        "SILO_STORAGE_S3_SECRET_ACCESS_KEY", CREDENTIAL,
        "SILO_STORAGE_S3_PATH_STYLE", "true",
        "SILO_STORAGE_S3_MAX_ATTEMPTS", "2");
  }

  /** Kills the server at once, as a crash or a network cut would. */
  public void stop() {
    kill();
  }

  /** Starts it again on the same port and data. */
  public void restart() throws IOException {
    kill();
    startProcess();
  }

  @Override
  public void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // already shutting down
    }
  }

  private void startProcess() throws IOException {
    Path data = Files.createDirectories(dir.resolve("s3proxy-data"));
    Path config = dir.resolve("s3proxy.properties");
    Properties p = new Properties();
    p.setProperty("s3proxy.endpoint", endpoint().toString());
    p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    p.setProperty("s3proxy.identity", IDENTITY);
    p.setProperty("s3proxy.credential", CREDENTIAL);
    p.setProperty("jclouds.provider", "filesystem");
    p.setProperty("jclouds.filesystem.basedir", data.toString());
    try (Writer w = Files.newBufferedWriter(config)) {
      p.store(w, "written by S3ProxyProcess");
    }
    Path logback = dir.resolve("s3proxy-logback.xml");
    Files.writeString(logback, """
        <configuration>
          <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%d %level %logger{20} %msg%n</pattern></encoder>
          </appender>
          <root level="WARN"><appender-ref ref="out"/></root>
        </configuration>
        """);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(java, "-Xmx256m", "-Xshare:auto", "-Dlogback.configurationFile=" + logback,
                    "-cp", classpath(), "org.gaul.s3proxy.Main", "--properties", config.toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("s3proxy.log").toFile()));
    process = pb.start();
    awaitListening(Duration.ofSeconds(30));
  }

  private void awaitListening(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("S3Proxy exited with " + process.exitValue() + ":\n" + logTail());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    kill();
    throw new IOException("S3Proxy did not listen on " + port + " within " + timeout + ":\n" + logTail());
  }

  private String logTail() {
    try {
      String log = Files.readString(dir.resolve("s3proxy.log"));
      return log.substring(Math.max(0, log.length() - 4000));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private void kill() {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String classpath() {
    try (InputStream in = S3ProxyProcess.class.getResourceAsStream("s3proxy.classpath")) {
      if (in == null) {
        throw new IllegalStateException("s3proxy.classpath missing: build store-s3 with Maven first");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
