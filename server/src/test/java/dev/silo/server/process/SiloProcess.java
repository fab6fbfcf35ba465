package dev.silo.server.process;

import dev.silo.server.it.Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shaded {@code silo.jar} run as a separate JVM on a data directory, so tests can do to it
 * what an operator or a crash does: start, stop, {@code kill -9}, start again on the same data.
 *
 * <p>The port is picked free before each start (a server started with port 0 cannot be told about
 * before it prints it, and we want the URL known up front); a start that loses the race for the
 * port is retried. Standard output and error go to files under {@code target/silo-it-logs}, kept
 * after the test for diagnostics, one pair per start. Not thread-safe: one test drives it.
 */
public final class SiloProcess implements AutoCloseable {
  public static final String ADMIN_TOKEN = "process-operator-token-0123456789abcdef";
  private static final Pattern READY = Pattern.compile("Silo listening on \\S+ \\(port (\\d+)\\)");
  private static final Pattern S3_READY = Pattern.compile("S3 endpoint on (\\S+) \\(port \\d+\\)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /** Servers still running when the test JVM exits (a crashed or aborted test) go with it. */
  private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
  }

  private final String name;
  private final Path dataDir;
  private final Path logDir;
  private final List<String> jvmOptions = new ArrayList<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private Process process;
  private int port;
  private int starts;
  private Path stdout;
  private Path stderr;

  /** {@code name} names the log directory; the data directory is created if missing. */
  public SiloProcess(String name, Path dataDir) {
    this.name = name;
    this.dataDir = dataDir;
    this.logDir = jar().getParent().resolve("silo-it-logs").resolve(name);
    env.put("SILO_ADMIN_TOKEN", ADMIN_TOKEN);
    env.put("SILO_S3_PORT", "0"); // the S3 endpoint's default 9000 may be taken on a test machine
  }

  /** JVM options of every later start, e.g. {@code -Xmx128m}. */
  public SiloProcess jvmOptions(String... options) {
    jvmOptions.addAll(List.of(options));
    return this;
  }

  /** An environment variable of every later start (SILO_* of the test's own environment are not inherited). */
  public SiloProcess env(String key, String value) {
    env.put(key, value);
    return this;
  }

  /** Starts the server (again, after a stop or a kill) and waits until it listens. */
  public SiloProcess start() throws IOException, InterruptedException {
    if (alive()) {
      throw new IllegalStateException("already running: pid " + process.pid());
    }
    Files.createDirectories(dataDir);
    Files.createDirectories(logDir);
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        launch(freePort());
        return this;
      } catch (PortTaken e) {
        last = e;
      }
    }
    throw last;
  }

  private void launch(int chosen) throws IOException, InterruptedException {
    starts++;
    stdout = logDir.resolve("start-" + starts + ".out");
    stderr = logDir.resolve("start-" + starts + ".err");
    List<String> command = command(jvmOptions);
    command.addAll(List.of("serve", "--host", "127.0.0.1", "--port", Integer.toString(chosen),
        "--data-dir", dataDir.toString()));
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().keySet().removeIf(k -> k.startsWith("SILO_"));
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    process = pb.start();
    LIVE.add(process);
    long deadline = t0 + START_TIMEOUT.toNanos();
    while (true) {
      Matcher m = READY.matcher(Files.readString(stdout, StandardCharsets.UTF_8));
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
        if (port != chosen) {
          throw new IllegalStateException("asked for port " + chosen + " but Silo listens on " + port);
        }
        System.out.printf("[%s] Silo pid %d ready on port %d after %d ms (start %d)%n",
            name, process.pid(), port, (System.nanoTime() - t0) / 1_000_000, starts);
        return;
      }
      if (!process.isAlive()) {
        String err = stderr();
        if (err.contains("BindException") || err.contains("already in use")) {
          throw new PortTaken("port " + chosen + " was taken: " + err);
        }
        throw new IllegalStateException(
            "Silo exited with " + process.exitValue() + " before it was ready; stderr:\n" + err + "\nstdout:\n" + stdout());
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("Silo not ready within " + START_TIMEOUT + "; stderr:\n" + stderr());
      }
      Thread.sleep(20);
    }
  }

  /** The S3 endpoint's URL of the running server (its port is picked at each start). */
  public String s3Url() throws IOException {
    Matcher m = S3_READY.matcher(Files.readString(stdout, StandardCharsets.UTF_8));
    if (!m.find()) {
      throw new IllegalStateException("the S3 endpoint is not listening; stdout:\n" + stdout());
    }
    return m.group(1);
  }

  /** Graceful stop (SIGTERM, shutdown hook), forced after 30 s. Returns the exit value. */
  public int stop() throws InterruptedException {
    if (process == null) {
      return -1;
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    int exit = process.waitFor();
    LIVE.remove(process);
    return exit;
  }

  /** {@code kill -9} (on Linux {@code destroyForcibly} sends SIGKILL); waits for the JVM to be gone. */
  public int kill9() throws InterruptedException {
    ProcessHandle handle = process.toHandle();
    handle.destroyForcibly();
    int exit = process.waitFor();
    LIVE.remove(process);
    if (handle.isAlive()) {
      throw new IllegalStateException("pid " + handle.pid() + " still alive after SIGKILL");
    }
    return exit;
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Path blobRoot() {
    return dataDir.resolve("blobs");
  }

  /** Standard error of the current (or last) start: logs, access lines, stack traces. */
  public String stderr() {
    return read(stderr);
  }

  public String stdout() {
    return read(stdout);
  }

  public Api operator() {
    return new Api(url(), ADMIN_TOKEN);
  }

  /** A client with an API key, not tied to one start: the key outlives restarts. */
  public Api as(String apiKey) {
    return new Api(url(), apiKey);
  }

  /** Creates a tenant with an API key and returns the key. */
  public String createTenant(String slug) {
    Api.Resp created = operator().post("/v1/tenants", "{\"slug\":\"" + slug + "\",\"name\":\"" + slug + "\"}");
    if (created.status() != 201) {
      throw new IllegalStateException("tenant create failed: " + created);
    }
    Api.Resp key = operator().post("/v1/tenants/" + slug + "/keys", "{\"name\":\"k\"}");
    if (key.status() != 201) {
      throw new IllegalStateException("key create failed: " + key);
    }
    return key.json().get("key").asText();
  }

  /** A line of /proc/&lt;pid&gt;/status in KiB, e.g. {@code VmHWM} (peak RSS) or {@code VmRSS}. */
  public long procStatusKiB(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
      }
    }
    throw new IllegalStateException(field + " not in /proc/" + process.pid() + "/status");
  }

  /** Files under the blob root whose name ends with {@code .part}: uploads that never finished. */
  public List<Path> partFiles() throws IOException {
    return blobFiles(true);
  }

  /** Finished blob files under the blob root. */
  public List<Path> finishedBlobs() throws IOException {
    return blobFiles(false);
  }

  private List<Path> blobFiles(boolean parts) throws IOException {
    if (!Files.isDirectory(blobRoot())) {
      return List.of();
    }
    try (var walk = Files.walk(blobRoot())) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".part") == parts)
          .toList();
    } catch (UncheckedIOException e) {
      // A file renamed or removed while we walk: look again.
      return blobFiles(parts);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (alive()) {
      stop();
    }
  }

  private static String read(Path file) {
    try {
      return file == null || !Files.exists(file) ? "" : Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path jar() {
    String jar = System.getProperty("silo.jar");
    if (jar == null) {
      throw new IllegalStateException("system property silo.jar is not set (run through maven-failsafe)");
    }
    return Path.of(jar).toAbsolutePath();
  }

  private static Path snapshot;

  /**
   * A private copy of {@code silo.jar}, taken once per test JVM: a build running beside the tests
   * (another {@code mvn install}) rewrites target/silo.jar, and a JVM started from a half-written
   * jar fails in confusing ways. Waits a while for a complete jar to be there.
   */
  static synchronized Path runnableJar() throws IOException, InterruptedException {
    if (snapshot != null) {
      return snapshot;
    }
    Path source = jar();
    Path copy = Files.createTempFile("silo-it-", ".jar");
    copy.toFile().deleteOnExit();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    String problem = null;
    while (System.nanoTime() < deadline) {
      try {
        Files.copy(source, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (var jar = new java.util.jar.JarFile(copy.toFile())) {
          String main = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue("Main-Class");
          if ("dev.silo.server.Main".equals(main) && jar.getEntry("dev/silo/server/Main.class") != null
              && jar.getEntry("org/slf4j/LoggerFactory.class") != null) {
            snapshot = copy;
            return copy;
          }
          problem = "no Main-Class or classes in " + source;
        }
      } catch (IOException e) {
        problem = e.toString();
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("no usable " + source + ": " + problem);
  }

  /**
   * How every Silo JVM of the tests starts: {@code java}, the snapshot's class-data archive, {@code
   * jvmOptions}, {@code -jar} and the snapshot; the caller adds Silo's arguments.
   */
  static List<String> command(List<String> jvmOptions) throws IOException, InterruptedException {
    Path jar = runnableJar();
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(classData(jar));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    return command;
  }

  private static List<String> classDataOptions;

  /**
   * The JVM options that map a class-data archive of the snapshot (the JDK's CDS), made once per
   * test JVM by a server started and stopped: the suite starts Silo some forty times, each about a
   * second sooner with the classes of a start mapped rather than loaded. Made before any test's
   * Silo starts, so no two JVMs ever write it at once; none if it could not be made.
   */
  private static synchronized List<String> classData(Path jar) throws IOException, InterruptedException {
    if (classDataOptions != null) {
      return classDataOptions;
    }
    Path archive = jar.resolveSibling(jar.getFileName() + ".jsa");
    archive.toFile().deleteOnExit();
    Path data = Files.createTempDirectory("silo-cds-");
    Path out = data.resolve("stdout");
    ProcessBuilder pb = new ProcessBuilder(javaExecutable(), "-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds*=off",
        "-jar", jar.toString(), "serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", data.resolve("data").toString())
        .redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().keySet().removeIf(k -> k.startsWith("SILO_"));
    pb.environment().put("SILO_ADMIN_TOKEN", ADMIN_TOKEN);
    pb.environment().put("SILO_S3_PORT", "0");
    Process training = pb.start();
    LIVE.add(training);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (training.isAlive() && System.nanoTime() < deadline
        && !READY.matcher(Files.readString(out, StandardCharsets.UTF_8)).find()) {
      Thread.sleep(20);
    }
    training.destroy(); // a graceful exit writes the archive
    boolean exited = training.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      training.destroyForcibly().waitFor(); // an archive cut short is not used
    }
    LIVE.remove(training);
    deleteTree(data);
    boolean made = exited && Files.isRegularFile(archive) && Files.size(archive) > 0;
    System.out.println("[SiloProcess] class-data archive " + (made ? archive : "not made; JVMs start without one"));
    classDataOptions = made ? List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off") : List.of();
    return classDataOptions;
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The JDK running the tests. */
  static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  private static final class PortTaken extends IOException {
    PortTaken(String message) {
      super(message);
    }
  }
}
