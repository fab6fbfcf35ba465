package dev.silo.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.http.Transport;
import dev.silo.http.tls.ServerTls;
import dev.silo.http.tls.TlsFiles;
import dev.silo.server.it.TestTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The periodic look at the certificate files: what it schedules, and that a tick serves renewed files. */
class CertificateWatchTest {
  @TempDir Path dir;

  /** Keeps the periodic task instead of running it, so the test decides when a tick happens. */
  static final class Ticks extends ScheduledThreadPoolExecutor {
    Runnable task;
    long delayMillis;

    Ticks() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
      task = command;
      delayMillis = unit.toMillis(delay);
      return null;
    }
  }

  @Test
  void eachTickServesFilesThatChanged() throws Exception {
    Map<String, String> settings = TestTls.serve(dir);
    ServerTls tls = ServerTls.load(new TlsFiles(Path.of(settings.get("SILO_TLS_CERT")), Path.of(settings.get("SILO_TLS_KEY"))));
    Ticks ticks = new Ticks();
    try (CertificateWatch watch = CertificateWatch.start(new Transport.Tls(tls), Duration.ofSeconds(90), ticks)) {
      assertThat(ticks.delayMillis).isEqualTo(90_000);
      ticks.task.run();
      assertThat(tls.certificate()).isEqualTo(TestTls.first().leaf());
      TestTls.install(TestTls.second(), dir);
      ticks.task.run();
      assertThat(tls.certificate()).isEqualTo(TestTls.second().leaf());
      assertThat(watch.check()).as("already served").isFalse();
    }
    assertThat(ticks.isShutdown()).isTrue();
  }

  @Test
  void plainHttpSchedulesNothing() {
    Ticks ticks = new Ticks();
    try (CertificateWatch watch = CertificateWatch.start(Transport.PLAIN, Duration.ofSeconds(90), ticks)) {
      assertThat(ticks.task).isNull();
      assertThat(watch.check()).isFalse();
    }
    assertThat(ticks.isShutdown()).isTrue();
  }
}
