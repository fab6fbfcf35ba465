package dev.silo.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.error.InvalidInputException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserMetadataTest {
  private static String code(Map<String, String> m) {
    try {
      UserMetadata.validate(m);
      return "ok";
    } catch (InvalidInputException e) {
      return e.code();
    }
  }

  @Test
  void namesAndValuesCountInUtf8BytesUpTo2KiB() {
    assertThat(code(Map.of("abc", "v".repeat(2045)))).isEqualTo("ok");
    assertThat(code(Map.of("abc", "v".repeat(2046)))).isEqualTo("metadata_too_large");
    // "é" is two bytes: 1 + 2 * 1023 = 2047 fits, 1 + 2 * 1024 does not
    assertThat(code(Map.of("e", "é".repeat(1023)))).isEqualTo("ok");
    assertThat(code(Map.of("e", "é".repeat(1024)))).isEqualTo("metadata_too_large");
  }

  @Test
  void atMost64EntriesHoweverSmall() {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < 64; i++) {
      m.put("k" + i, "");
    }
    assertThat(code(m)).isEqualTo("ok");
    m.put("k64", "");
    assertThat(code(m)).isEqualTo("metadata_too_large");
  }

  @Test
  void storedMetadataBeyondTheLimitsDoesNotFitHeaders() {
    assertThat(UserMetadata.fitsHeaders(Map.of("abc", "v".repeat(2045)))).isTrue();
    assertThat(UserMetadata.fitsHeaders(Map.of("abc", "v".repeat(2046)))).isFalse();
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < 65; i++) {
      many.put("k" + i, "");
    }
    assertThat(UserMetadata.fitsHeaders(many)).isFalse();
  }

  @Test
  void siloAndXSiloNamesAreReservedInAnyCase() {
    assertThat(code(Map.of("silo-multipart-etag", "x-2"))).isEqualTo("invalid_metadata");
    assertThat(code(Map.of("Silo-Announced-Size", "1"))).isEqualTo("invalid_metadata");
    assertThat(code(Map.of("x-silo-acl", "public"))).isEqualTo("invalid_metadata");
    assertThat(code(Map.of("silo", "not a prefix", "silos-x", "neither"))).isEqualTo("ok");
  }

  @Test
  void namesAreLowerCasedAndMustNotCollide() {
    assertThat(UserMetadata.validate(Map.of("Colour", "red"))).isEqualTo(Map.of("colour", "red"));
    assertThat(code(Map.of("Colour", "red", "colour", "blue"))).isEqualTo("invalid_metadata");
    assertThatThrownBy(() -> UserMetadata.validate(Map.of("a", "line\nbreak"))).isInstanceOf(InvalidInputException.class);
  }
}
