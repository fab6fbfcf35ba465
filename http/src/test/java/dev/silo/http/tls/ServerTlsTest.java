package dev.silo.http.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.testkit.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading: a change to the files is served, an unchanged or broken pair is not. */
class ServerTlsTest {
  @TempDir Path dir;

  @Test
  void reloadsOnlyWhenTheFilesChangeAndKeepsTheOldPairWhenTheNewOneIsBroken() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir.resolve("ca"));
    TestCertificates.Issued first = ca.issue("first.test", "RSA");
    TestCertificates.Issued second = ca.issue("second.test", "EC");
    Path cert = dir.resolve("fullchain.pem");
    Path key = dir.resolve("privkey.pem");
    Files.copy(first.certificate(), cert);
    Files.copy(first.key(), key);

    ServerTls tls = ServerTls.load(new TlsFiles(cert, key));
    SslContextFactory.Server factory = tls.newFactory();
    assertThat(factory.getIncludeProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    assertThat(tls.reloadIfChanged()).as("nothing changed").isFalse();

    // half way through a renewal: the new certificate beside the old key
    Files.copy(second.certificate(), cert, StandardCopyOption.REPLACE_EXISTING);
    assertThat(tls.reloadIfChanged()).isFalse();
    assertThat(tls.certificate()).isEqualTo(first.leaf());
    assertThat(factory.getKeyStore().getCertificate("silo")).isEqualTo(first.leaf());

    Files.copy(second.key(), key, StandardCopyOption.REPLACE_EXISTING);
    assertThat(tls.reloadIfChanged()).isTrue();
    assertThat(tls.certificate()).isEqualTo(second.leaf());
    assertThat(factory.getKeyStore().getCertificate("silo")).isEqualTo(second.leaf());
    assertThat(tls.reloadIfChanged()).isFalse();

    // the files gone for a moment (a symlink swapped): the served pair stays
    Files.delete(key);
    assertThat(tls.reloadIfChanged()).isFalse();
    assertThat(tls.certificate()).isEqualTo(second.leaf());
  }
}
