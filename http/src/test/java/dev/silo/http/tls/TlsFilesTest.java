package dev.silo.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.testkit.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PEM files Silo serves HTTPS from: the formats openssl and certbot write, and each way they can be wrong. */
class TlsFilesTest {
  @TempDir static Path dir;
  static TestCertificates ca;
  static TestCertificates.Issued rsa;
  static TestCertificates.Issued ec;

  @BeforeAll
  static void certificates() throws Exception {
    ca = TestCertificates.authority(dir.resolve("ca"));
    rsa = ca.issue("rsa.test", "RSA");
    ec = ca.issue("ec.test", "EC");
  }

  @Test
  void readsAChainAndAPkcs8Key() {
    for (TestCertificates.Issued issued : List.of(rsa, ec)) {
      TlsFiles.Loaded loaded = new TlsFiles(issued.certificate(), issued.key()).load();
      assertThat(loaded.chain()).hasSize(2);
      assertThat(loaded.leaf()).isEqualTo(issued.leaf());
      assertThat(loaded.chain().get(1).getSubjectX500Principal().getName()).isEqualTo("CN=Silo Test Intermediate");
    }
  }

  @Test
  void readsTraditionalRsaAndEcKeysAsOpensslWritesThem() throws Exception {
    // openssl pkey -traditional: "RSA PRIVATE KEY" (PKCS#1) and "EC PRIVATE KEY" (SEC1, with its curve)
    Path pkcs1 = traditional(rsa.key(), "rsa-pkcs1.pem");
    assertThat(Files.readString(pkcs1)).contains("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(new TlsFiles(rsa.certificate(), pkcs1).load().leaf()).isEqualTo(rsa.leaf());

    Path sec1 = traditional(ec.key(), "ec-sec1.pem");
    assertThat(Files.readString(sec1)).contains("-----BEGIN EC PRIVATE KEY-----");
    // openssl's "EC PARAMETERS" block before the key is skipped
    Path withParams = dir.resolve("ec-params.pem");
    Files.writeString(withParams, "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + Files.readString(sec1));
    assertThat(new TlsFiles(ec.certificate(), sec1).load().leaf()).isEqualTo(ec.leaf());
    assertThat(new TlsFiles(ec.certificate(), withParams).load().leaf()).isEqualTo(ec.leaf());
  }

  @Test
  void eachProblemIsOneLineNamingTheFile() throws Exception {
    Path missing = dir.resolve("nope.pem");
    assertThatThrownBy(() -> new TlsFiles(missing, rsa.key()).load())
        .isInstanceOfSatisfying(BadTlsFile.class, e -> assertThat(e.part()).isEqualTo(BadTlsFile.Part.CERTIFICATE))
        .hasMessage("cannot read " + missing + " (no such file)");

    Path notPem = Files.writeString(dir.resolve("not.pem"), "hello\n");
    assertThatThrownBy(() -> new TlsFiles(notPem, rsa.key()).load())
        .hasMessage(notPem + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    Path badCert = Files.writeString(dir.resolve("bad-cert.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    assertThatThrownBy(() -> new TlsFiles(badCert, rsa.key()).load())
        .hasMessage(badCert + " holds a CERTIFICATE block that is not a valid X.509 certificate");

    assertThatThrownBy(() -> new TlsFiles(rsa.certificate(), notPem).load())
        .isInstanceOfSatisfying(BadTlsFile.class, e -> assertThat(e.part()).isEqualTo(BadTlsFile.Part.KEY))
        .hasMessage(notPem + " holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    // the certificate given as the key
    assertThatThrownBy(() -> new TlsFiles(rsa.certificate(), rsa.certificate()).load())
        .hasMessageContaining("holds no PEM private key");
    Path encrypted = Files.writeString(dir.resolve("enc.pem"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
    assertThatThrownBy(() -> new TlsFiles(rsa.certificate(), encrypted).load())
        .hasMessageContaining("holds an encrypted private key; Silo needs it unencrypted");
    Path garbled = Files.writeString(dir.resolve("garbled.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> new TlsFiles(rsa.certificate(), garbled).load())
        .hasMessageContaining("the private key in " + garbled + " is not a valid RSA, EC");
    // a key of another certificate: every handshake would fail, so the start does
    assertThatThrownBy(() -> new TlsFiles(rsa.certificate(), ec.key()).load())
        .hasMessage("the private key in " + ec.key() + " does not belong to the first certificate in " + rsa.certificate());
  }

  private static Path traditional(Path pkcs8, String name) throws Exception {
    Path out = dir.resolve(name);
    List<String> command = new ArrayList<>(List.of("openssl", "pkey", "-in", pkcs8.toString(), "-traditional", "-out", out.toString()));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      Assumptions.abort("openssl is not installed: the traditional key formats are not tested");
      throw e;
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    return out;
  }
}
