package dev.silo.server;

import dev.silo.http.Transport;
import dev.silo.http.tls.ServerTls;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Looks at the certificate files every {@code SILO_TLS_RELOAD_INTERVAL} and serves them anew when
 * they changed: certbot (or any renewal) rewrites the files and Silo follows without a restart.
 * Over plain HTTP there is nothing to watch and {@link #check()} is a no-op.
 */
final class CertificateWatch implements AutoCloseable {
  private final ServerTls tls;
  private final ScheduledExecutorService scheduler;

  private CertificateWatch(ServerTls tls, ScheduledExecutorService scheduler) {
    this.tls = tls;
    this.scheduler = scheduler;
  }

  static CertificateWatch start(Transport transport, Duration every) {
    if (!(transport instanceof Transport.Tls)) {
      return new CertificateWatch(null, null);
    }
    return start(transport, every, Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("silo-tls-reload").factory()));
  }

  /** On the scheduler given (a test's, which runs the check when it likes); closing shuts it down. */
  static CertificateWatch start(Transport transport, Duration every, ScheduledExecutorService scheduler) {
    if (!(transport instanceof Transport.Tls(ServerTls tls))) {
      scheduler.shutdownNow();
      return new CertificateWatch(null, null);
    }
    scheduler.scheduleWithFixedDelay(tls::reloadIfChanged, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return new CertificateWatch(tls, scheduler);
  }

  /** Compares the files now rather than at the next tick; whether a new certificate is served. */
  boolean check() {
    return tls != null && tls.reloadIfChanged();
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
