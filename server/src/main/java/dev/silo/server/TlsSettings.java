package dev.silo.server;

import dev.silo.http.Transport;
import dev.silo.http.tls.BadTlsFile;
import dev.silo.http.tls.ServerTls;
import dev.silo.http.tls.TlsFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * HTTPS on the REST and S3 ports.
 *
 * @param files {@code SILO_TLS_CERT} (the certificate, then its chain) and {@code SILO_TLS_KEY}
 *     (the private key), PEM; empty when HTTPS is off (both unset)
 * @param reloadEvery {@code SILO_TLS_RELOAD_INTERVAL} (default 1m): how often the files are
 *     compared with what is served, so a renewed certificate is picked up without a restart
 */
public record TlsSettings(Optional<TlsFiles> files, Duration reloadEvery) {
  static final String CERT = "SILO_TLS_CERT";
  static final String KEY = "SILO_TLS_KEY";

  static TlsSettings from(Map<String, String> s) {
    String cert = blankToNull(s.get(CERT));
    String key = blankToNull(s.get(KEY));
    if ((cert == null) != (key == null)) {
      String set = cert != null ? CERT : KEY;
      String unset = cert != null ? KEY : CERT;
      throw new IllegalArgumentException(set + " is set but " + unset + " is not: HTTPS needs both PEM files");
    }
    Duration every = Durations.parse("SILO_TLS_RELOAD_INTERVAL", s.getOrDefault("SILO_TLS_RELOAD_INTERVAL", "1m"));
    if (every.isZero()) {
      throw new IllegalArgumentException("SILO_TLS_RELOAD_INTERVAL must be more than zero");
    }
    return new TlsSettings(cert == null ? Optional.empty() : Optional.of(new TlsFiles(Path.of(cert), Path.of(key))), every);
  }

  public boolean on() {
    return files.isPresent();
  }

  /** The scheme of every URL Silo hands out. */
  String scheme() {
    return on() ? "https" : "http";
  }

  /** Reads the files (once, here, so a bad file stops the start with a line naming its setting). */
  Transport open() {
    if (files.isEmpty()) {
      return Transport.PLAIN;
    }
    try {
      return new Transport.Tls(ServerTls.load(files.get()));
    } catch (BadTlsFile e) {
      throw new IllegalArgumentException((e.part() == BadTlsFile.Part.CERTIFICATE ? CERT : KEY) + ": " + e.getMessage(), e);
    }
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }
}
