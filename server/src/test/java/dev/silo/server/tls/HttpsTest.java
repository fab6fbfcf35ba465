package dev.silo.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import dev.silo.server.it.TestTls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Silo serving HTTPS itself on both ports with a certificate made at test time: the REST API
 * through the JDK's client and curl, every URL it hands out on https, TLS 1.0 and 1.1 and plain
 * HTTP refused, and a renewed certificate served without a restart.
 */
class HttpsTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static Path tlsDir;
  static HttpClient https;
  static Api operator;

  @BeforeAll
  static void start() throws Exception {
    tlsDir = dir.resolve("tls");
    silo = TestSilo.start(dir.resolve("silo"), TestTls.serve(tlsDir));
    https = TestTls.client();
    operator = new Api(silo.url(), TestSilo.ADMIN, https);
  }

  @AfterAll
  static void stop() throws Exception {
    if (silo != null) {
      silo.close();
    }
  }

  Api tenant(String slug) {
    assertThat(operator.post("/v1/tenants", "{\"slug\":\"" + slug + "\",\"name\":\"" + slug + "\"}").status()).isEqualTo(201);
    String key = operator.post("/v1/tenants/" + slug + "/keys", "{\"name\":\"k\"}").json().path("key").asText();
    return new Api(silo.url(), key, https);
  }

  @Test
  void everyUrlSiloHandsOutIsHttps() {
    Api t = tenant("links");
    String rest = "https://127.0.0.1:" + silo.silo().port();
    String s3 = "https://127.0.0.1:" + silo.silo().s3Port();
    assertThat(silo.silo().publicUrl()).isEqualTo(rest);
    assertThat(t.put("/v1/objects/a.txt", "over tls", "Content-Type", "text/plain").status()).isEqualTo(201);
    assertThat(t.get("/v1/objects/a.txt").body()).isEqualTo("over tls");

    String signed = t.post("/v1/sign/a.txt", "{\"ttl_seconds\":60}").json().path("url").asText();
    assertThat(signed).startsWith(rest + "/v1/objects/a.txt?");
    assertThat(new Api(rest, null, https).get(signed).body()).isEqualTo("over tls");

    JsonNode upload = t.post("/v1/uploads", "{\"filename\":\"u.txt\",\"content_type\":\"text/plain\",\"size\":2}").json();
    assertThat(upload.path("upload_url").asText()).startsWith(rest + "/");
    assertThat(new Api(rest, null, https).put(upload.path("upload_url").asText(), "hi", "Content-Type", "text/plain").status())
        .isBetween(200, 204);

    JsonNode resumable =
        t.post("/v1/uploads", "{\"filename\":\"r.bin\",\"content_type\":\"application/octet-stream\",\"size\":3,\"resumable\":true}").json();
    String creation = resumable.path("upload_url").asText();
    assertThat(creation).startsWith(rest + "/v1/tus/");
    Api.Resp created = new Api(rest, null, https).send(
        "POST", creation, HttpRequest.BodyPublishers.noBody(), "Tus-Resumable", "1.0.0", "Upload-Length", "3");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    // relative, so it resolves against the https URL the client used
    assertThat(URI.create(creation).resolve(created.header("Location").orElseThrow()).toString()).startsWith(rest + "/v1/tus/");

    assertThat(t.post("/v1/s3-credentials", "{\"description\":\"d\"}").json().path("endpoint").asText()).isEqualTo(s3);
    assertThat(t.get("/v1/mount-info").json().path("endpoint").asText()).isEqualTo(s3);
  }

  @Test
  void curlWithTheCaFileStoresAndReadsAndCurlWithoutItRefuses() throws Exception {
    Api t = tenant("curl");
    Path file = Files.writeString(dir.resolve("curl.txt"), "sent by curl over tls\n");
    String url = silo.url() + "/v1/objects/c.txt";
    String ca = TestTls.ca().caFile().toString();
    Run put = run("curl", "-sS", "--fail-with-body", "--cacert", ca, "-X", "PUT", "--data-binary", "@" + file,
        "-H", "Authorization: Bearer " + t.token(), "-H", "Content-Type: text/plain", url);
    assertThat(put.exit).as(put.out).isZero();
    Run get = run("curl", "-sS", "--fail-with-body", "--cacert", ca, "-H", "Authorization: Bearer " + t.token(), url);
    assertThat(get.out).isEqualTo("sent by curl over tls\n");
    // curl's 60: the peer's certificate cannot be verified with the system's CAs
    assertThat(run("curl", "-sS", "-H", "Authorization: Bearer " + t.token(), url).exit).isEqualTo(60);
    // plain HTTP to the HTTPS port gets no HTTP answer
    Run plain = run("curl", "-sS", "--max-time", "10", url.replace("https://", "http://"));
    assertThat(plain.exit).isNotZero();
  }

  @Test
  void onlyTls12And13AreSpokenOnBothPorts() throws Exception {
    for (int port : List.of(silo.silo().port(), silo.silo().s3Port())) {
      assertThat(handshake(port, "TLSv1.3")).isEqualTo("TLSv1.3");
      assertThat(handshake(port, "TLSv1.2")).isEqualTo("TLSv1.2");
      // the JDK's own client refuses TLS 1.0/1.1 before sending anything, so the hellos are written by hand
      assertThat(oldHello(port, 0x01)).as("TLS 1.0 on port %d", port).isEqualTo(PROTOCOL_VERSION_ALERT);
      assertThat(oldHello(port, 0x02)).as("TLS 1.1 on port %d", port).isEqualTo(PROTOCOL_VERSION_ALERT);
    }
  }

  @Test
  void plainHttpToAnHttpsPortGetsNoHttpAnswer() throws Exception {
    for (int port : List.of(silo.silo().port(), silo.silo().s3Port())) {
      byte[] answer = exchange(port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotStartWith("HTTP/");
      HttpRequest plain = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build();
      assertThatThrownBy(() -> HttpClient.newHttpClient().send(plain, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void aRenewedCertificateIsServedToNewConnectionsWithoutARestart() throws Exception {
    for (int port : List.of(silo.silo().port(), silo.silo().s3Port())) {
      assertThat(served(port)).isEqualTo(TestTls.first().leaf());
    }
    assertThat(silo.silo().reloadCertificates()).as("unchanged files").isFalse();
    TestTls.install(TestTls.second(), tlsDir);
    assertThat(silo.silo().reloadCertificates()).isTrue();
    for (int port : List.of(silo.silo().port(), silo.silo().s3Port())) {
      assertThat(served(port)).isEqualTo(TestTls.second().leaf());
    }
    assertThat(new Api(silo.url(), null, TestTls.client()).get("/healthz").status()).isEqualTo(200);
    TestTls.install(TestTls.first(), tlsDir);
    assertThat(silo.silo().reloadCertificates()).isTrue();
    assertThat(served(silo.silo().port())).isEqualTo(TestTls.first().leaf());
  }

  private static final byte[] PROTOCOL_VERSION_ALERT = {0x15, 0x02, 0x46};

  private static String handshake(int port, String protocol) throws IOException {
    try (SSLSocket socket = (SSLSocket) TestTls.ca().clientContext().getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setEnabledProtocols(new String[] {protocol});
      socket.startHandshake();
      return socket.getSession().getProtocol();
    }
  }

  private static X509Certificate served(int port) throws IOException {
    try (SSLSocket socket = (SSLSocket) TestTls.ca().clientContext().getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  /**
   * A TLS 1.{minor-1} ClientHello without extensions; the answer as {content type, alert level,
   * alert description} of the first record, or what came back when it was no alert.
   */
  private static byte[] oldHello(int port, int minor) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(new byte[] {0x03, (byte) minor});
    body.write(new byte[32]); // random
    body.write(0); // no session id
    byte[] suites = {(byte) 0xc0, 0x14, (byte) 0xc0, 0x13, (byte) 0xc0, 0x0a, (byte) 0xc0, 0x09, 0x00, 0x35, 0x00, 0x2f};
    body.write(new byte[] {0x00, (byte) suites.length});
    body.write(suites);
    body.write(new byte[] {0x01, 0x00}); // null compression
    byte[] b = body.toByteArray();
    ByteArrayOutputStream hello = new ByteArrayOutputStream();
    hello.write(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) (b.length + 4), 0x01, 0x00, 0x00, (byte) b.length});
    hello.write(b);
    byte[] answer = exchange(port, hello.toByteArray());
    if (answer.length >= 7 && answer[0] == 0x15) {
      return new byte[] {answer[0], answer[5], answer[6]};
    }
    return answer;
  }

  private static byte[] exchange(int port, byte[] request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[512];
      try {
        for (int n; out.size() < 7 && (n = in.read(buf)) > 0; ) {
          out.write(buf, 0, n);
        }
      } catch (java.net.SocketException reset) {
        // a reset is no answer either
      }
      return out.toByteArray();
    }
  }

  record Run(int exit, String out) {}

  private static Run run(String... command) throws Exception {
    Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }
}
