package dev.silo.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PositionsTest {
  static byte[] key(int fill) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) fill);
    return k;
  }

  final Positions positions = new Positions(key(1), List.of());

  @Test
  void aTokenReadsBackForItsViewerAndKindOnly() {
    String t = positions.encode(Positions.Kind.AUDIT, "ten_a", 29);
    assertThat(t).matches("[A-Za-z0-9_-]{22}");
    assertThat(positions.decode(Positions.Kind.AUDIT, "ten_a", t)).isEqualTo(OptionalLong.of(29));
    assertThat(positions.decode(Positions.Kind.AUDIT, "ten_b", t)).isEmpty();
    assertThat(positions.decode(Positions.Kind.EVENT, "ten_a", t)).isEmpty();
    assertThat(positions.decode(Positions.Kind.AUDIT, Positions.OPERATOR, t)).isEmpty();
  }

  @Test
  void theSameNumberAlwaysGivesTheSameTokenAndNeighboursLookUnrelated() {
    assertThat(positions.encode(Positions.Kind.EVENT, "ten_a", 37)).isEqualTo(positions.encode(Positions.Kind.EVENT, "ten_a", 37));
    assertThat(new Positions(key(1), List.of()).encode(Positions.Kind.EVENT, "ten_a", 37))
        .as("another node with the same master key").isEqualTo(positions.encode(Positions.Kind.EVENT, "ten_a", 37));
    Set<String> tokens = new HashSet<>();
    for (long n = 0; n < 1000; n++) {
      tokens.add(positions.encode(Positions.Kind.EVENT, "ten_a", n));
    }
    assertThat(tokens).hasSize(1000);
    String a = positions.encode(Positions.Kind.EVENT, "ten_a", 29);
    String b = positions.encode(Positions.Kind.EVENT, "ten_a", 30);
    assertThat(commonPrefix(a, b)).as("consecutive numbers share no visible structure").isLessThan(4);
  }

  @Test
  void malformedTokensAndThoseOfAnotherKeyDoNotRead() {
    for (String bad : new String[] {null, "", "42", "!".repeat(22), "A".repeat(22), "A".repeat(23)}) {
      assertThat(positions.decode(Positions.Kind.AUDIT, "ten_a", bad)).isEmpty();
    }
    String other = new Positions(key(2), List.of()).encode(Positions.Kind.AUDIT, "ten_a", 5);
    assertThat(positions.decode(Positions.Kind.AUDIT, "ten_a", other)).isEmpty();
  }

  @Test
  void tokensMadeBeforeARotationStillRead() {
    String old = new Positions(key(2), List.of()).encode(Positions.Kind.DELIVERY, "ten_a", 7);
    Positions rotated = new Positions(key(3), List.of(key(2)));
    assertThat(rotated.decode(Positions.Kind.DELIVERY, "ten_a", old)).isEqualTo(OptionalLong.of(7));
    assertThat(rotated.encode(Positions.Kind.DELIVERY, "ten_a", 7)).isNotEqualTo(old);
  }

  static int commonPrefix(String a, String b) {
    int i = 0;
    while (i < a.length() && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }
}
