package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.http.HttpDate;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one HTTP date formatter: IMF-fixdate out (two-digit day), the three RFC 9110 forms in. */
class HttpDateTest {
  @Test
  void writesImfFixdateWithATwoDigitDay() {
    assertThat(HttpDate.format(Instant.parse("2026-12-02T09:05:01.789Z"))).isEqualTo("Wed, 02 Dec 2026 09:05:01 GMT");
    assertThat(HttpDate.format(Instant.parse("1994-11-06T08:49:37Z"))).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    assertThat(HttpDate.format(Instant.parse("2026-01-31T23:59:59Z"))).isEqualTo("Sat, 31 Jan 2026 23:59:59 GMT");
  }

  @Test
  void readsTheThreeFormsAndRefusesTheRest() {
    Instant t = Instant.parse("1994-11-06T08:49:37Z");
    assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(t);
    assertThat(HttpDate.parse("Sun, 6 Nov 1994 08:49:37 GMT")).as("a peer's one-digit day").isEqualTo(t);
    assertThat(HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT")).as("RFC 850").isEqualTo(t);
    assertThat(HttpDate.parse("Sun Nov  6 08:49:37 1994")).as("asctime").isEqualTo(t);
    assertThat(HttpDate.parse("yesterday")).isNull();
    assertThat(HttpDate.parse("")).isNull();
    assertThat(HttpDate.parse(null)).isNull();
    Instant now = Instant.parse("2026-12-02T10:00:00Z");
    assertThat(HttpDate.parse(HttpDate.format(now))).isEqualTo(now);
  }
}
