package dev.silo.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetadataJsonTest {
  @Test
  void anyStringsRoundTrip() {
    Random random = new Random(42);
    for (int round = 0; round < 500; round++) {
      Map<String, String> map = new HashMap<>();
      for (int i = random.nextInt(5); i > 0; i--) {
        map.put(randomString(random), randomString(random));
      }
      String json = MetadataJson.encode(map);
      assertThat(MetadataJson.decode(json)).as(json).isEqualTo(map);
    }
  }

  @Test
  void writesReadableJson() {
    assertThat(MetadataJson.encode(Map.of())).isEqualTo("{}");
    assertThat(MetadataJson.encode(Map.of("b", "2 \"x\" \\", "a", "é😀\n")))
        .isEqualTo("{\"a\":\"é😀\\u000a\",\"b\":\"2 \\\"x\\\" \\\\\"}");
    assertThat(MetadataJson.encode(Map.of("lone", "\ud800x")))
        .isEqualTo("{\"lone\":\"\\ud800x\"}");
  }

  @Test
  void readsWhitespaceAndStandardEscapes() {
    assertThat(MetadataJson.decode(" { \"a\" : \"\\t\\/\\u00e9\" , \"b\":\"\" } "))
        .isEqualTo(Map.of("a", "\t/é", "b", ""));
  }

  @Test
  void refusesWhatItDidNotWrite() {
    for (String bad : new String[] {"", "[]", "{", "{\"a\"}", "{\"a\":1}", "{\"a\":\"\\u12\"}",
        "{\"a\":\"b\"} x", "{\"a\":\"\\q\"}", "{\"a\":\"b\",}"}) {
      assertThatThrownBy(() -> MetadataJson.decode(bad)).as(bad)
          .isInstanceOf(IllegalStateException.class);
    }
  }

  private static String randomString(Random random) {
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      switch (random.nextInt(5)) {
        case 0 -> s.append((char) random.nextInt(0x80)); // ASCII, controls included
        case 1 -> s.append("\"\\/");
        case 2 -> s.append((char) random.nextInt(0x10000)); // may be a lone surrogate
        case 3 -> s.appendCodePoint(0x10000 + random.nextInt(0x100000));
        default -> s.append("中é");
      }
    }
    return s.toString();
  }
}
