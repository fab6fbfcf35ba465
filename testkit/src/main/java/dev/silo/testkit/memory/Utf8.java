package dev.silo.testkit.memory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/** Strings compared by their UTF-8 bytes, as the contract wants keys, names and slugs sorted. */
final class Utf8 {
  static final Comparator<String> ORDER = (a, b) -> Arrays.compareUnsigned(bytes(a), bytes(b));

  private Utf8() {}

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
