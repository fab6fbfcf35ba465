package dev.silo.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.TestSilo;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code silo health}, the container's probe: 0 when /readyz is 200, 3 when nothing answers. */
class HealthCommandTest {
  @TempDir Path dir;

  @Test
  void readyIsZeroAndNothingListeningIsThree() throws Exception {
    try (TestSilo silo = TestSilo.start(dir.resolve("data"))) {
      assertThat(new CommandLine(new HealthCommand()).execute("--url", silo.url())).isZero();
    }
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    assertThat(new CommandLine(new HealthCommand()).execute("--url", "http://127.0.0.1:" + closed)).isEqualTo(3);
  }
}
