package dev.silo.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ServerFrameTest {
  @Test
  void accessLogDurationsReadAsTheFormatterWouldPrintThem() {
    Random random = new Random(11);
    for (int i = 0; i < 200_000; i++) {
      long nanos = switch (i % 3) {
        case 0 -> random.nextInt(10_000_000);
        // the halves: every x.x5 ms and its neighbours
        case 1 -> (random.nextInt(100_000) * 100_000L + 50_000) + random.nextInt(3) - 1;
        default -> Math.floorMod(random.nextLong(), 86_400_000_000_000L);
      };
      assertThat(ServerFrame.milliseconds(nanos)).as("%d ns", nanos)
          .isEqualTo(String.format(Locale.ROOT, "%.1f", nanos / 1e6));
    }
  }
}
