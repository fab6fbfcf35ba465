package dev.silo.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made at test time with {@code openssl} (a native command: the JDK's {@code keytool}
 * took a JVM start per step, about ten seconds per authority and two certificates): a root CA (the
 * one file clients trust), an intermediate it signed, and server certificates for {@code
 * localhost} and {@code 127.0.0.1} signed by the intermediate, written as PEM the way certbot
 * writes them (the certificate then the intermediate in one file, the PKCS#8 key in another).
 */
public final class TestCertificates {
  private final Path dir;
  private final Path caPem;
  private final Path intermediatePem;
  private int issued;

  private TestCertificates(Path dir, Path caPem, Path intermediatePem) {
    this.dir = dir;
    this.caPem = caPem;
    this.intermediatePem = intermediatePem;
  }

  /** A server certificate: its chain file (leaf, then intermediate) and its private key file. */
  public record Issued(Path certificate, Path key, X509Certificate leaf) {}

  /** A new root and intermediate under {@code dir}. */
  public static TestCertificates authority(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("ca.ext"), "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
    openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-noenc", "-keyout", "ca.key",
        "-out", "ca.pem", "-subj", "/CN=Silo Test Root CA", "-days", "3",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    openssl(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-noenc", "-keyout", "int.key",
        "-out", "int.csr", "-subj", "/CN=Silo Test Intermediate");
    openssl(dir, "x509", "-req", "-in", "int.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "3",
        "-extfile", "ca.ext", "-out", "int.pem");
    return new TestCertificates(dir, dir.resolve("ca.pem"), dir.resolve("int.pem"));
  }

  /** The root certificate, the file a client is given ({@code --cacert}, {@code --ca-bundle}). */
  public Path caFile() {
    return caPem;
  }

  /**
   * A server certificate for {@code localhost} and {@code 127.0.0.1} with the subject
   * {@code CN=<name>}; {@code keyAlgorithm} is {@code RSA} or {@code EC}.
   */
  public Issued issue(String name, String keyAlgorithm) throws IOException {
    String id = "leaf" + (++issued);
    Path key = dir.resolve(id + "-key.pem");
    openssl(dir, "genpkey", "-out", key.getFileName().toString(),
        "-algorithm", keyAlgorithm.equals("EC") ? "EC" : "RSA",
        "-pkeyopt", keyAlgorithm.equals("EC") ? "ec_paramgen_curve:prime256v1" : "rsa_keygen_bits:2048");
    openssl(dir, "req", "-new", "-key", key.getFileName().toString(), "-subj", "/CN=" + name, "-out", id + ".csr");
    Files.writeString(dir.resolve(id + ".ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    openssl(dir, "x509", "-req", "-in", id + ".csr", "-CA", "int.pem", "-CAkey", "int.key", "-CAcreateserial", "-days", "2",
        "-extfile", id + ".ext", "-out", id + ".pem");
    Path chain = dir.resolve(id + "-fullchain.pem");
    Files.writeString(chain, Files.readString(dir.resolve(id + ".pem")) + Files.readString(intermediatePem));
    try (InputStream c = Files.newInputStream(dir.resolve(id + ".pem"))) {
      return new Issued(chain, key, (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(c));
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  /** A client context that trusts only the test root. */
  public SSLContext clientContext() throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  /** Trust managers that trust only the test root, for clients that take them directly. */
  public javax.net.ssl.TrustManager[] trustManagers() throws IOException {
    try (InputStream in = Files.newInputStream(caPem)) {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      return tmf.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  private static void openssl(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Path log = dir.resolve("openssl.log");
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("openssl " + String.join(" ", args) + " failed:\n" + Files.readString(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
