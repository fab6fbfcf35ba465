package dev.silo.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.error.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleRuleTest {
  private static LifecycleRule expire(String id, String prefix, int days) {
    return new LifecycleRule(id, true, prefix, days, null, false, null, null);
  }

  @Test
  void daysEndAtTheMidnightUtcAfterTheirSum() {
    Instant now = Instant.parse("2026-12-04T00:00:01Z");
    assertThat(LifecycleRule.cutoff(now, 1)).isEqualTo(Instant.parse("2026-12-03T00:00:00Z"));
    // modified 10:30 on the 1st, one day: expires from midnight starting the 3rd
    Instant modified = Instant.parse("2026-12-01T10:30:00Z");
    assertThat(modified.isBefore(LifecycleRule.cutoff(Instant.parse("2026-12-02T23:59:59Z"), 1))).isFalse();
    assertThat(modified.isBefore(LifecycleRule.cutoff(Instant.parse("2026-12-03T00:00:00Z"), 1))).isTrue();
  }

  @Test
  void aDateExpiresEverythingFromItsMidnight() {
    LifecycleRule dated = new LifecycleRule("d", true, "", null, LocalDate.parse("2027-01-01"), false, null, null);
    assertThat(dated.expiresModifiedBefore(Instant.parse("2026-12-31T23:59:59Z"))).isEmpty();
    Instant midnight = Instant.parse("2027-01-01T00:00:00Z");
    assertThat(dated.expiresModifiedBefore(midnight)).contains(midnight);
    assertThat(expire("e", "", 2).expiresModifiedBefore(midnight)).contains(Instant.parse("2026-12-30T00:00:00Z"));
    assertThat(LifecycleRule.noncurrent("n", 3).expiresModifiedBefore(midnight)).isEmpty();
  }

  @Test
  void aRuleMustDoSomethingOnceAndWithinRange() {
    assertInvalid(() -> new LifecycleRule("idle", true, "", null, null, false, null, null), "no action");
    assertInvalid(() -> expire("zero", "", 0), "from 1 to 36500");
    assertInvalid(() -> expire("ages", "", 36_501), "from 1 to 36500");
    assertInvalid(() -> new LifecycleRule("both", true, "", 1, LocalDate.parse("2030-01-01"), false, null, null), "not both");
    assertInvalid(() -> new LifecycleRule("markers", true, "", 1, null, true, null, null), "expired object delete markers");
    assertInvalid(() -> expire("", "", 1), "id");
    assertInvalid(() -> expire("x".repeat(256), "", 1), "id");
    assertInvalid(() -> expire("long", "k".repeat(1025), 1), "prefix");
    assertInvalid(() -> new Lifecycle(List.of(expire("a", "", 1), expire("a", "x/", 2))), "unique");
    ObjectTags tmp = new ObjectTags(java.util.Map.of("state", "tmp"));
    assertInvalid(() -> new LifecycleRule("t", true, "", null, null, false, null, 1, tmp, null, null), "cannot abort uploads");
    assertInvalid(() -> new LifecycleRule("m", true, "", null, null, true, null, null, null, 5L, null), "cannot abort uploads");
    assertInvalid(() -> new LifecycleRule("s", true, "", 1, null, false, null, null, null, 10L, 10L), "less than");
    assertInvalid(() -> new LifecycleRule("n", true, "", 1, null, false, null, null, null, -1L, null), "at least 0");
    List<LifecycleRule> many = new ArrayList<>();
    for (int i = 0; i <= Lifecycle.MAX_RULES; i++) {
      many.add(expire("r" + i, "", 1));
    }
    assertInvalid(() -> new Lifecycle(many), "at most 1000");
  }

  @Test
  void whichRulesRemoveLoneDeleteMarkers() {
    assertThat(expire("e", "", 1).removesOrphanMarkers()).isTrue();
    assertThat(LifecycleRule.noncurrent("n", 1).removesOrphanMarkers()).isTrue();
    assertThat(new LifecycleRule("m", true, "", null, null, true, null, null).removesOrphanMarkers()).isTrue();
    assertThat(new LifecycleRule("a", true, "", null, null, false, null, 3).removesOrphanMarkers()).isFalse();
  }

  @Test
  void theStoredFormReadsBackEveryField() {
    Lifecycle rules = new Lifecycle(List.of(
        new LifecycleRule("a&b=c\nd", false, "p%/\u00e9 +", null, LocalDate.parse("2031-02-03"), false, 4, 5),
        new LifecycleRule("m", true, "", null, null, true, null, null),
        expire("e", "logs/", 9),
        new LifecycleRule("f", true, "x/", 2, null, false, 3, null, new ObjectTags(java.util.Map.of("a b", "c=d")), 0L, 99L)));
    assertThat(Lifecycle.decode(rules.encode())).isEqualTo(rules);
    assertThat(Lifecycle.NONE.encode()).isNull();
    assertThat(Lifecycle.decode(null)).isEqualTo(Lifecycle.NONE);
  }

  @Test
  void noncurrentDaysIsTheRuleOfItsName() {
    Lifecycle rules = new Lifecycle(List.of(expire("logs", "logs/", 1)));
    Lifecycle with = rules.withNoncurrentDays(30);
    assertThat(with.noncurrentDays()).isEqualTo(30);
    assertThat(with.withNoncurrentDays(7).rules()).containsExactly(expire("logs", "logs/", 1), LifecycleRule.noncurrent(Lifecycle.NONCURRENT_DAYS, 7));
    assertThat(with.withNoncurrentDays(null)).isEqualTo(rules);
    assertThat(rules.noncurrentDays()).isNull();
  }

  private static void assertInvalid(Runnable r, String message) {
    assertThatThrownBy(r::run).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((InvalidInputException) e).code()).isEqualTo("invalid_lifecycle"));
  }
}
