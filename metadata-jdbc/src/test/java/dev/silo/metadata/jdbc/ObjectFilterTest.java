package dev.silo.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ObjectFilterTest {
  @Test
  void theUpperBoundIsTheLastCodePointPlusOne() {
    assertThat(ObjectFilter.upperBound("logs/")).isEqualTo("logs0");
    assertThat(ObjectFilter.upperBound("caf\u00e9")).isEqualTo("caf\u00ea");
    // past the surrogates, and from the last code point plane by plane
    assertThat(ObjectFilter.upperBound("a\uD7FF")).isEqualTo("a\uE000");
    assertThat(ObjectFilter.upperBound("a\uD83D\uDE00")).isEqualTo("a\uD83D\uDE01");
    assertThat(ObjectFilter.upperBound("a\uDBFF\uDFFF")).isEqualTo("b");
    assertThat(ObjectFilter.upperBound("\uDBFF\uDFFF")).isNull();
  }

  @Test
  void everyKeyIsUnderTheEmptyPrefix() {
    assertThat(ObjectFilter.keysUnder("").condition()).isEmpty();
    assertThat(ObjectFilter.keysUnder("a").params()).containsExactly("a", "b");
    assertThat(ObjectFilter.keysUnder("a").around(java.util.List.of("t"), 5)).containsExactly("t", "a", "b", 5);
  }

  @Test
  void aRuleIsItsKeyRangeSizesAndTags() {
    var rule = new dev.silo.core.domain.LifecycleRule("r", true, "logs/", 1, null, false, null, null,
        new dev.silo.core.domain.ObjectTags(java.util.Map.of("team", "data eng")), 10L, 100L);
    ObjectFilter f = ObjectFilter.coveredBy(rule, Dialect.SQLITE);
    assertThat(f.condition()).isEqualTo(" AND object_key >= ? AND object_key < ? AND size > ? AND size < ?"
        + " AND instr('&' || tags || '&', ?) > 0");
    assertThat(f.params()).containsExactly("logs/", "logs0", 10L, 100L, "&team=data+eng&");
  }
}
