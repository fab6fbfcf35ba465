package dev.silo.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CommonPrefixTest {
  private static final String MAX = Character.toString(Character.MAX_CODE_POINT);

  @Test
  void aKeyFallsUnderTheCommonPrefixEndingAtTheFirstDelimiterAfterThePrefix() {
    assertThat(CommonPrefix.of("logs/g1/a.txt", "logs/", "/")).isEqualTo("logs/g1/");
    assertThat(CommonPrefix.of("logs/a.txt", "logs/", "/")).isNull();
    assertThat(CommonPrefix.of("a::b::c", "", "::")).isEqualTo("a::");
  }

  @Test
  void pastIsTheLeastStringAfterEveryStringStartingWithThePrefix() {
    assertThat(CommonPrefix.past("logs/g1/")).isEqualTo("logs/g10");
    assertThat(CommonPrefix.past("a\ud83d\ude00")).isEqualTo("a\ud83d\ude01");
    assertThat(CommonPrefix.past("a\ud7ff")).as("no key holds a surrogate").isEqualTo("a\ue000");
    assertThat(CommonPrefix.past("ab" + MAX)).as("U+10FFFF carries").isEqualTo("ac");
    assertThat(CommonPrefix.past("a" + MAX + MAX)).isEqualTo("b");
    for (String prefix : new String[] {"logs/g1/", "a\ud7ff", "ab" + MAX, "x\ud83d\ude00" + MAX}) {
      String past = CommonPrefix.past(prefix);
      for (String under : new String[] {prefix, prefix + "z", prefix + MAX + MAX, prefix + "\ud83d\ude00"}) {
        assertThat(utf8(past)).as("%s after %s", past, under).isGreaterThan(utf8(under));
      }
    }
  }

  @Test
  void nothingSortsAfterAPrefixOfOnlyTheLastCodePoint() {
    assertThatThrownBy(() -> CommonPrefix.past(MAX + MAX)).isInstanceOf(InvalidInputException.class);
  }

  /** UTF-8 bytes, compared unsigned, as a comparable string of their hex. */
  private static String utf8(String s) {
    StringBuilder hex = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      hex.append(String.format("%02x", b & 0xff));
    }
    return hex.toString();
  }
}
