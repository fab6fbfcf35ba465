package dev.silo.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.error.ForbiddenException;
import dev.silo.core.error.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a lock protects, which retention changes S3 allows, the bucket's default, the stored forms. */
class ObjectLockTest {
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final Instant DAY = NOW.plus(Duration.ofDays(1));

  @Test
  void aLockProtectsWhileItHolds() {
    ObjectLock compliance = new ObjectLock(ObjectLock.Mode.COMPLIANCE, DAY, false);
    ObjectLock governance = new ObjectLock(ObjectLock.Mode.GOVERNANCE, DAY, false);
    assertThat(compliance.protects(NOW, true)).isTrue();
    assertThat(governance.protects(NOW, false)).isTrue();
    assertThat(governance.protects(NOW, true)).as("bypassed").isFalse();
    assertThat(compliance.protects(DAY, false)).as("ended").isFalse();
    assertThat(compliance.withLegalHold(true).protects(DAY.plusSeconds(1), true)).as("a legal hold outlasts it").isTrue();
    assertThat(ObjectLock.NONE.protects(NOW, false)).isFalse();
    assertThatThrownBy(() -> compliance.requireDeletable(NOW, true)).isInstanceOf(ForbiddenException.class);
  }

  @Test
  void aRetentionIsLengthenedFreelyAndShortenedOnlyInGovernanceWithTheBypass() {
    ObjectLock compliance = new ObjectLock(ObjectLock.Mode.COMPLIANCE, DAY, false);
    ObjectLock governance = new ObjectLock(ObjectLock.Mode.GOVERNANCE, DAY, true);
    Instant later = DAY.plusSeconds(60);
    assertThat(compliance.withRetention(ObjectLock.Mode.COMPLIANCE, later, NOW, false).retainUntil()).isEqualTo(later);
    assertThatThrownBy(() -> compliance.withRetention(ObjectLock.Mode.COMPLIANCE, DAY.minusSeconds(1), NOW, true))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> compliance.withRetention(null, null, NOW, true)).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> compliance.withRetention(ObjectLock.Mode.GOVERNANCE, later, NOW, true)).isInstanceOf(ForbiddenException.class);
    assertThat(governance.withRetention(ObjectLock.Mode.COMPLIANCE, DAY, NOW, false).mode()).as("made stricter").isEqualTo(ObjectLock.Mode.COMPLIANCE);
    assertThatThrownBy(() -> governance.withRetention(null, null, NOW, false)).isInstanceOf(ForbiddenException.class);
    ObjectLock removed = governance.withRetention(null, null, NOW, true);
    assertThat(removed).isEqualTo(new ObjectLock(null, null, true));
    assertThat(compliance.withRetention(null, null, DAY, false)).as("once ended, anything goes").isEqualTo(ObjectLock.NONE);
    assertThatThrownBy(() -> ObjectLock.NONE.withRetention(ObjectLock.Mode.GOVERNANCE, NOW.minusSeconds(1), NOW, false))
        .as("in the past").isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aBucketsDefaultDatesNewVersionsAskedWithoutOne() {
    ObjectLock.Configuration days = new ObjectLock.Configuration(ObjectLock.Mode.GOVERNANCE, 30, null);
    ObjectLock.Configuration years = new ObjectLock.Configuration(ObjectLock.Mode.COMPLIANCE, null, 1);
    assertThat(days.forNewVersion(ObjectLock.NONE, NOW)).isEqualTo(new ObjectLock(ObjectLock.Mode.GOVERNANCE, NOW.plus(Duration.ofDays(30)), false));
    assertThat(years.forNewVersion(new ObjectLock(null, null, true), NOW).retainUntil()).isEqualTo(Instant.parse("2027-12-07T12:00:00Z"));
    ObjectLock own = new ObjectLock(ObjectLock.Mode.COMPLIANCE, DAY, false);
    assertThat(days.forNewVersion(own, NOW)).isEqualTo(own);
    assertThat(ObjectLock.forNewVersion(null, ObjectLock.NONE, NOW)).isEqualTo(ObjectLock.NONE);
    assertThatThrownBy(() -> ObjectLock.forNewVersion(null, own, NOW)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> new ObjectLock.Configuration(ObjectLock.Mode.GOVERNANCE, 1, 1)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> new ObjectLock.Configuration(ObjectLock.Mode.GOVERNANCE, null, null)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> new ObjectLock.Configuration(null, 3, null)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> new ObjectLock.Configuration(ObjectLock.Mode.GOVERNANCE, 0, null)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void theStoredFormsReadBack() {
    for (ObjectLock l : new ObjectLock[] {ObjectLock.NONE, new ObjectLock(null, null, true), new ObjectLock(ObjectLock.Mode.COMPLIANCE, DAY, false),
        new ObjectLock(ObjectLock.Mode.GOVERNANCE, DAY, true)}) {
      assertThat(ObjectLock.decode(l.encode())).isEqualTo(l);
    }
    for (ObjectLock.Configuration c : new ObjectLock.Configuration[] {ObjectLock.Configuration.ENABLED,
        new ObjectLock.Configuration(ObjectLock.Mode.GOVERNANCE, 30, null), new ObjectLock.Configuration(ObjectLock.Mode.COMPLIANCE, null, 7)}) {
      assertThat(ObjectLock.Configuration.decode(c.encode())).isEqualTo(c);
    }
    assertThat(ObjectLock.Configuration.decode(null)).isNull();
    assertThat(ObjectLock.of("governance", "2027-01-01T00:00:00.000Z", false).retainUntil()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertThatThrownBy(() -> ObjectLock.of("GOVERNANCE", null, false)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ObjectLock.of("GOVERNANCE", "tomorrow", false)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ObjectLock.of("FOREVER", "2027-01-01T00:00:00Z", false)).isInstanceOf(InvalidInputException.class);
  }
}
