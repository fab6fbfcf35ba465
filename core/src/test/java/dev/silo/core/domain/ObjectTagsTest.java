package dev.silo.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.error.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectTagsTest {
  @Test
  void theHeaderFormReadsAndWritesInOrder() {
    ObjectTags t = ObjectTags.parse("b=2&a=x%20y&empty=&bare");
    assertThat(t.tags()).containsExactly(Map.entry("b", "2"), Map.entry("a", "x y"), Map.entry("empty", ""), Map.entry("bare", ""));
    assertThat(ObjectTags.parse(t.encode())).isEqualTo(t);
    assertThat(ObjectTags.parse(null)).isEqualTo(ObjectTags.NONE);
    assertThat(ObjectTags.parse("")).isEqualTo(ObjectTags.NONE);
    assertThat(ObjectTags.NONE.encode()).isNull();
    assertThat(ObjectTags.parse("k=caf%C3%A9+%2B%3D%2F%40").tags()).containsEntry("k", "café +=/@");
    Map<String, String> withNull = new LinkedHashMap<>();
    withNull.put("bare", null);
    assertThat(new ObjectTags(withNull).tags()).containsExactly(Map.entry("bare", ""));
    assertThat(ObjectTags.parse(new ObjectTags(withNull).encode())).isEqualTo(new ObjectTags(withNull));
  }

  @Test
  void whatS3RefusesIsRefused() {
    assertInvalid("a=1&a=2", "twice");
    assertInvalid("=v", "1 to 128");
    assertInvalid("aws:x=1", "reserved");
    assertInvalid("k=semi%3Bcolon", "character");
    assertInvalid("k".repeat(129) + "=v", "1 to 128");
    assertInvalid("k=" + "v".repeat(257), "longer than 256");
    Map<String, String> eleven = new LinkedHashMap<>();
    for (int i = 0; i < 11; i++) {
      eleven.put("t" + i, "v");
    }
    assertThatThrownBy(() -> new ObjectTags(eleven)).isInstanceOf(InvalidInputException.class).hasMessageContaining("at most 10");
    assertThat(ObjectTags.parse("k=" + "\u00e9".repeat(256)).size()).as("characters, not bytes").isEqualTo(1);
  }

  private static void assertInvalid(String header, String message) {
    assertThatThrownBy(() -> ObjectTags.parse(header)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((InvalidInputException) e).code()).isEqualTo("invalid_tag"));
  }
}
