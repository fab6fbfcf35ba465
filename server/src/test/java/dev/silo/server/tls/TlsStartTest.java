package dev.silo.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.server.it.TestSilo;
import dev.silo.server.it.TestTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way the TLS settings can be wrong stops the start with one line naming the setting, and frees the data directory. */
class TlsStartTest {
  @TempDir Path dir;

  @Test
  void badSettingsAreOneLineNamingTheSetting() throws Exception {
    Map<String, String> good = TestTls.serve(dir.resolve("tls"));
    Path cert = Path.of(good.get("SILO_TLS_CERT"));
    Path key = Path.of(good.get("SILO_TLS_KEY"));
    Path missing = dir.resolve("missing.pem");
    Path notPem = Files.writeString(dir.resolve("not.pem"), "not a pem file\n");

    fails(Map.of("SILO_TLS_CERT", cert.toString()), "SILO_TLS_CERT is set but SILO_TLS_KEY is not: HTTPS needs both PEM files");
    fails(Map.of("SILO_TLS_KEY", key.toString()), "SILO_TLS_KEY is set but SILO_TLS_CERT is not: HTTPS needs both PEM files");
    fails(Map.of("SILO_TLS_CERT", missing.toString(), "SILO_TLS_KEY", key.toString()),
        "SILO_TLS_CERT: cannot read " + missing + " (no such file)");
    fails(Map.of("SILO_TLS_CERT", cert.toString(), "SILO_TLS_KEY", notPem.toString()),
        "SILO_TLS_KEY: " + notPem + " holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    fails(Map.of("SILO_TLS_CERT", notPem.toString(), "SILO_TLS_KEY", key.toString()),
        "SILO_TLS_CERT: " + notPem + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    Path unreadable = Files.copy(key, dir.resolve("unreadable.pem"));
    if (unreadable.toFile().setReadable(false, false) && !Files.isReadable(unreadable)) {
      fails(Map.of("SILO_TLS_CERT", cert.toString(), "SILO_TLS_KEY", unreadable.toString()),
          "SILO_TLS_KEY: cannot read " + unreadable + " (permission denied)");
    }
    Map<String, String> httpPublic = new HashMap<>(good);
    httpPublic.put("SILO_PUBLIC_URL", "http://files.example.com");
    fails(httpPublic, "SILO_PUBLIC_URL must be an https:// URL while SILO_TLS_CERT serves HTTPS, not 'http://files.example.com'");
    Map<String, String> httpS3 = new HashMap<>(good);
    httpS3.put("SILO_S3_PUBLIC_URL", "http://s3.example.com");
    fails(httpS3, "SILO_S3_PUBLIC_URL must be an https:// URL while SILO_TLS_CERT serves HTTPS, not 'http://s3.example.com'");

    // and the same directory then starts, with an https public URL taken as given
    Map<String, String> https = new HashMap<>(good);
    https.put("SILO_PUBLIC_URL", "https://files.example.com/");
    try (TestSilo silo = TestSilo.start(dir.resolve("data"), https)) {
      assertThat(silo.silo().publicUrl()).isEqualTo("https://files.example.com");
      assertThat(silo.silo().s3Url()).isEqualTo("https://127.0.0.1:" + silo.silo().s3Port());
    }
  }

  private void fails(Map<String, String> settings, String message) {
    assertThatThrownBy(() -> TestSilo.start(dir.resolve("data"), settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
