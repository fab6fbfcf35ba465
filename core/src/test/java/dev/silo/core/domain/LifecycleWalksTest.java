package dev.silo.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.core.spi.VersionRepository;
import org.junit.jupiter.api.Test;

class LifecycleWalksTest {
  @Test
  void placesOfAnyKeySurviveTheirStoredForm() {
    LifecycleWalks walks = LifecycleWalks.NONE
        .with("keys/logs & more", "a=b&c d\n€/ü")
        .with("markers/x", "plain");
    assertThat(LifecycleWalks.decode(walks.encode())).isEqualTo(walks);
    assertThat(LifecycleWalks.decode(walks.encode()).at("keys/logs & more")).isEqualTo("a=b&c d\n€/ü");
  }

  @Test
  void aWalkAtItsEndIsForgottenAndNoneIsStoredAsNothing() {
    LifecycleWalks walks = LifecycleWalks.NONE.with("keys/a", "k").with("keys/a", null);
    assertThat(walks).isEqualTo(LifecycleWalks.NONE);
    assertThat(walks.encode()).isNull();
    assertThat(LifecycleWalks.decode(null)).isEqualTo(LifecycleWalks.NONE);
    assertThat(LifecycleWalks.NONE.at("keys/a")).isNull();
  }

  @Test
  void aVersionsPlaceKeepsAKeyWithSpacesAndAnyVersionId() {
    var p = new VersionRepository.Position("a key with spaces/and more", "v 1+2/3");
    assertThat(VersionRepository.Position.ofPlace(VersionRepository.Position.placeOf(p))).isEqualTo(p);
    assertThat(VersionRepository.Position.placeOf(null)).isNull();
    assertThat(VersionRepository.Position.ofPlace(null)).isNull();
  }
}
