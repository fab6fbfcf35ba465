package dev.silo.server.it;

import dev.silo.testkit.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One test CA and two server certificates for the HTTPS tests of this JVM (keytool is slow to
 * start, so they are made once), and the settings that serve one of them from a test's own copy
 * of the files, which the test may then replace as a renewal would.
 */
public final class TestTls {
  private static TestCertificates ca;
  private static TestCertificates.Issued first;
  private static TestCertificates.Issued second;

  private TestTls() {}

  private static synchronized void make() {
    if (ca != null) {
      return;
    }
    try {
      Path dir = Files.createTempDirectory("silo-test-ca");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
      ca = TestCertificates.authority(dir);
      first = ca.issue("first.silo.test", "RSA");
      second = ca.issue("second.silo.test", "EC");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TestCertificates ca() {
    make();
    return ca;
  }

  /** The certificate a Silo of {@link #serve} starts with. */
  public static TestCertificates.Issued first() {
    make();
    return first;
  }

  /** Another certificate of the same CA, to renew to. */
  public static TestCertificates.Issued second() {
    make();
    return second;
  }

  /** Settings serving {@link #first()} from {@code dir/fullchain.pem} and {@code dir/privkey.pem}. */
  public static Map<String, String> serve(Path dir) throws IOException {
    install(first(), dir);
    return Map.of("SILO_TLS_CERT", dir.resolve("fullchain.pem").toString(), "SILO_TLS_KEY", dir.resolve("privkey.pem").toString());
  }

  /** Writes a certificate's files where {@link #serve} put the first, as a renewal does. */
  public static void install(TestCertificates.Issued issued, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.copy(issued.certificate(), dir.resolve("fullchain.pem"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(issued.key(), dir.resolve("privkey.pem"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** An HTTP client that trusts the test CA only. */
  public static HttpClient client() throws IOException {
    return HttpClient.newBuilder()
        .sslContext(ca().clientContext())
        .connectTimeout(Duration.ofSeconds(5))
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
