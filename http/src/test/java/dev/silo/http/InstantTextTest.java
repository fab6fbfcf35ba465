package dev.silo.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Instants are written as the JDK's ISO_INSTANT formatter writes them, whatever the instant. */
class InstantTextTest {
  @Test
  void writesWhatTheIsoInstantFormatterWrites() {
    SplittableRandom random = new SplittableRandom(5);
    long min = Instant.parse("-0500-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("+12000-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 500_000; i++) {
      long second = i % 3 == 0 ? random.nextLong(min, max) : random.nextLong(0, 4_102_444_800L); // up to 2100
      // no fraction, milliseconds, microseconds, nanoseconds
      int nano = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1_000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1_000;
        default -> random.nextInt(1_000_000_000);
      };
      Instant instant = Instant.ofEpochSecond(second, nano);
      assertThat(InstantText.format(instant)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
    }
    for (String edge : new String[] {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999Z", "2000-02-29T12:00:00.000001Z", "-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"}) {
      Instant instant = Instant.parse(edge);
      assertThat(InstantText.format(instant)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
    }
  }

  @Test
  void theJsonConfigurationWritesInstantsThisWay() {
    Instant instant = Instant.parse("2026-12-04T10:00:01.500Z");
    assertThat(new String(new Json().write(Map.of("at", instant)), StandardCharsets.UTF_8))
        .isEqualTo("{\"at\":\"2026-12-04T10:00:01.500Z\"}");
  }
}
