package dev.silo.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made at test time with the JDK's {@code keytool}: a root CA (the one file clients
 * trust), an intermediate it signed, and server certificates for {@code localhost} and
 * {@code 127.0.0.1} signed by the intermediate, written as PEM the way certbot writes them (the
 * certificate then the intermediate in one file, the PKCS#8 key in another).
 */
public final class TestCertificates {
  private static final String PASS = "changeit";

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
    keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Silo Test Root CA",
        "-ext", "bc:c", "-validity", "3", "-keystore", "ca.p12");
    keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
    keytool(dir, "-genkeypair", "-alias", "int", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Silo Test Intermediate",
        "-ext", "bc:c", "-validity", "3", "-keystore", "int.p12");
    keytool(dir, "-certreq", "-alias", "int", "-keystore", "int.p12", "-file", "int.csr");
    keytool(dir, "-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-infile", "int.csr", "-outfile", "int.pem",
        "-ext", "bc:c=ca:true", "-ext", "ku:c=keyCertSign,cRLSign", "-validity", "3");
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
    List<String> keyArgs = keyAlgorithm.equals("EC") ? List.of("-keyalg", "EC", "-groupname", "secp256r1") : List.of("-keyalg", "RSA", "-keysize", "2048");
    List<String> gen = new ArrayList<>(List.of("-genkeypair", "-alias", id, "-dname", "CN=" + name, "-keystore", id + ".p12"));
    gen.addAll(keyArgs);
    keytool(dir, gen.toArray(String[]::new));
    keytool(dir, "-certreq", "-alias", id, "-keystore", id + ".p12", "-file", id + ".csr");
    keytool(dir, "-gencert", "-rfc", "-alias", "int", "-keystore", "int.p12", "-infile", id + ".csr", "-outfile", id + ".pem",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "EKU=serverAuth", "-validity", "2");
    Path chain = dir.resolve(id + "-fullchain.pem");
    Files.writeString(chain, Files.readString(dir.resolve(id + ".pem")) + Files.readString(intermediatePem));
    Path key = dir.resolve(id + "-key.pem");
    try (InputStream in = Files.newInputStream(dir.resolve(id + ".p12"))) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASS.toCharArray());
      Key k = store.getKey(id, PASS.toCharArray());
      Files.writeString(key, pem("PRIVATE KEY", k.getEncoded()));
      X509Certificate leaf;
      try (InputStream c = Files.newInputStream(dir.resolve(id + ".pem"))) {
        leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(c);
      }
      return new Issued(chain, key, leaf);
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

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static void keytool(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("-storepass", PASS, "-keypass", PASS, "-storetype", "PKCS12", "-noprompt"));
    Path log = dir.resolve("keytool.log");
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("keytool " + String.join(" ", args) + " failed:\n" + Files.readString(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
