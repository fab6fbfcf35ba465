package dev.silo.http.tls;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate Silo serves, for every HTTPS connector: TLS 1.2 and 1.3 only, and replaced in
 * place by {@link #reloadIfChanged()} when the files change, so a renewal (certbot rewrites both
 * files) needs no restart. Connections already open keep their session; new handshakes see the
 * new certificate.
 */
public final class ServerTls {
  private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private final TlsFiles files;
  private final List<SslContextFactory.Server> factories = new CopyOnWriteArrayList<>();
  private final ReentrantLock reloading = new ReentrantLock();
  private volatile TlsFiles.Loaded current;
  // the digest of a change that failed to load, so a bad pair is reported once, not every poll
  private byte[] rejected;

  private ServerTls(TlsFiles files, TlsFiles.Loaded loaded) {
    this.files = files;
    this.current = loaded;
  }

  /** Reads the files now: a problem is a {@link BadTlsFile} at start-up, not at the first handshake. */
  public static ServerTls load(TlsFiles files) {
    TlsFiles.Loaded loaded = files.load();
    LOG.info("TLS: serving {}", describe(loaded));
    return new ServerTls(files, loaded);
  }

  /**
   * A new Jetty factory for one connector. Each connector owns its own, because Jetty starts and
   * stops the factory with the connector's server; all of them are reloaded together.
   */
  public SslContextFactory.Server newFactory() {
    SslContextFactory.Server factory = new SslContextFactory.Server();
    factory.setKeyStore(current.keyStore());
    factory.setKeyStorePassword(new String(TlsFiles.STORE_PASSWORD));
    factory.setIncludeProtocols(PROTOCOLS);
    factories.add(factory);
    return factory;
  }

  /** The certificate served now (the first of the chain). */
  public java.security.cert.X509Certificate certificate() {
    return current.leaf();
  }

  /**
   * Reloads when either file's bytes changed since the last load. New files that cannot be served
   * (half-written, a key that does not match) are logged and the old certificate stays; the next
   * call tries again. Returns whether a new certificate is now served.
   */
  public boolean reloadIfChanged() {
    reloading.lock();
    try {
      byte[] now;
      try {
        now = files.currentDigest();
      } catch (BadTlsFile e) {
        warnOnce(null, e);
        return false;
      }
      if (TlsFiles.same(now, current.digest()) || TlsFiles.same(now, rejected)) {
        return false;
      }
      TlsFiles.Loaded loaded;
      try {
        loaded = files.load();
      } catch (BadTlsFile e) {
        warnOnce(now, e);
        return false;
      }
      for (SslContextFactory.Server factory : factories) {
        try {
          factory.reload(f -> f.setKeyStore(loaded.keyStore()));
        } catch (Exception e) {
          LOG.warn("TLS: the new certificate could not be installed, the old one stays: {}", e.toString());
          return false;
        }
      }
      current = loaded;
      rejected = null;
      LOG.info("TLS: reloaded, now serving {}", describe(loaded));
      return true;
    } finally {
      reloading.unlock();
    }
  }

  private void warnOnce(byte[] digest, BadTlsFile e) {
    if (digest == null || !TlsFiles.same(digest, rejected)) {
      LOG.warn("TLS: the certificate files changed but cannot be served yet, the old certificate stays: {}", e.getMessage());
    }
    rejected = digest;
  }

  private static String describe(TlsFiles.Loaded loaded) {
    var leaf = loaded.leaf();
    return leaf.getSubjectX500Principal().getName() + " (valid until " + leaf.getNotAfter().toInstant() + ", chain of "
        + loaded.chain().size() + ")";
  }
}
