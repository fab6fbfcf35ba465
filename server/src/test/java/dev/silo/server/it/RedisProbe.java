package dev.silo.server.it;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A few raw RESP commands to a Redis for tests (its hit counter, a ping), and a private
 * {@code redis-server} process a test can start and kill.
 */
final class RedisProbe {
  private final String host;
  private final int port;

  RedisProbe(String url) {
    URI u = URI.create(url);
    this.host = u.getHost();
    this.port = u.getPort() < 0 ? 6379 : u.getPort();
  }

  boolean reachable() {
    try {
      return "PONG".equals(command("PING"));
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code keyspace_hits} of {@code INFO stats}: how many reads found their key. */
  long hits() throws IOException {
    for (String line : command("INFO", "stats").split("\r\n")) {
      if (line.startsWith("keyspace_hits:")) {
        return Long.parseLong(line.substring("keyspace_hits:".length()).trim());
      }
    }
    throw new IOException("no keyspace_hits in INFO stats");
  }

  /** Sends one command; returns a simple, integer or bulk reply as text. */
  String command(String... args) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 500);
      s.setSoTimeout(2000);
      StringBuilder req = new StringBuilder("*" + args.length + "\r\n");
      for (String a : args) {
        req.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
      }
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = new BufferedInputStream(s.getInputStream());
      String first = line(in);
      return switch (first.charAt(0)) {
        case '+', ':' -> first.substring(1);
        case '$' -> {
          int n = Integer.parseInt(first.substring(1));
          yield n < 0 ? null : new String(in.readNBytes(n), StandardCharsets.UTF_8);
        }
        default -> throw new IOException("Redis answered " + first);
      };
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  /** A redis-server of the test's own on a free loopback port, without persistence. */
  static final class Server implements AutoCloseable {
    final int port;
    private final Path dir;
    private Process process;

    Server(Path dir) throws IOException {
      try (ServerSocket free = new ServerSocket(0)) {
        this.port = free.getLocalPort();
      }
      this.dir = dir;
      Files.createDirectories(dir);
    }

    String url() {
      return "redis://127.0.0.1:" + port;
    }

    Server start() throws Exception {
      return start(List.of());
    }

    /**
     * Starts with TLS on {@code tlsPort} as well (the plain port stays, for probing), serving the
     * certificate chain and key files given; clients need no certificate of their own.
     */
    Server startWithTls(int tlsPort, Path certificate, Path key, Path ca) throws Exception {
      return start(List.of(
          "--tls-port", Integer.toString(tlsPort), "--tls-cert-file", certificate.toString(), "--tls-key-file", key.toString(),
          "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", "no"));
    }

    private Server start(List<String> extra) throws Exception {
      List<String> command = new java.util.ArrayList<>(List.of(
          "redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
          "--appendonly", "no", "--dir", dir.toString()));
      command.addAll(extra);
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
      RedisProbe probe = new RedisProbe(url());
      for (int i = 0; i < 100 && !probe.reachable(); i++) {
        Thread.sleep(50);
      }
      if (!probe.reachable()) {
        throw new IllegalStateException("redis-server did not start on port " + port);
      }
      return this;
    }

    void kill() throws InterruptedException {
      if (process != null) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        process = null;
      }
    }

    @Override
    public void close() throws InterruptedException {
      kill();
    }
  }
}
