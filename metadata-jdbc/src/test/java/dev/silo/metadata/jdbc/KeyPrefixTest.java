package dev.silo.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyPrefixTest {
  @Test
  void theUpperBoundIsTheLastCodePointPlusOne() {
    assertThat(KeyPrefix.upperBound("logs/")).isEqualTo("logs0");
    assertThat(KeyPrefix.upperBound("caf\u00e9")).isEqualTo("caf\u00ea");
    // past the surrogates, and from the last code point plane by plane
    assertThat(KeyPrefix.upperBound("a\uD7FF")).isEqualTo("a\uE000");
    assertThat(KeyPrefix.upperBound("a\uD83D\uDE00")).isEqualTo("a\uD83D\uDE01");
    assertThat(KeyPrefix.upperBound("a\uDBFF\uDFFF")).isEqualTo("b");
    assertThat(KeyPrefix.upperBound("\uDBFF\uDFFF")).isNull();
  }

  @Test
  void everyKeyIsUnderTheEmptyPrefix() {
    assertThat(KeyPrefix.of("").condition()).isEmpty();
    assertThat(KeyPrefix.of("a").params()).containsExactly("a", "b");
    assertThat(KeyPrefix.of("a").around(java.util.List.of("t"), 5)).containsExactly("t", "a", "b", 5);
  }
}
