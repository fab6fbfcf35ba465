package dev.silo.core.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {

  /** Counts the calls to the source: each one may be a lock and a read of the kernel. */
  private static final class CountingRandom implements RandomGenerator {
    private final Random random = new Random(42);
    int calls;

    @Override
    public long nextLong() {
      calls++;
      return random.nextLong();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      calls++;
      random.nextBytes(bytes);
    }
  }

  @Test
  void anIdIsOneDrawFromTheSourceNotOnePerCharacter() {
    CountingRandom random = new CountingRandom();
    IdGenerator ids = new IdGenerator(random);
    for (int i = 0; i < 1000; i++) {
      ids.objectId();
    }
    // A refill is needed only when more than a quarter of a draw's bytes were rejected.
    assertTrue(random.calls < 1100, "calls to the source: " + random.calls);
  }

  @Test
  void charactersAreUniformOverTheAlphabet() {
    IdGenerator ids = new IdGenerator(new Random(7));
    int[] base36 = new int[128];
    int[] base62 = new int[128];
    int draws = 20_000;
    for (int i = 0; i < draws; i++) {
      ids.base36(18).chars().forEach(c -> base36[c]++);
      ids.secret(31).chars().forEach(c -> base62[c]++);
    }
    // Without rejection, byte % 36 makes '0'-'3' 8/7 as likely as the rest (14 % more), and
    // byte % 62 does the same to '0'-'7'; the bounds here are 4 %.
    assertUniform(base36, "0123456789abcdefghijklmnopqrstuvwxyz", draws * 18L);
    assertUniform(base62, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", draws * 31L);
  }

  private static void assertUniform(int[] counts, String alphabet, long total) {
    double expected = (double) total / alphabet.length();
    long seen = 0;
    for (char c : alphabet.toCharArray()) {
      assertTrue(Math.abs(counts[c] - expected) < expected * 0.04, c + ": " + counts[c] + " against " + expected);
      seen += counts[c];
    }
    assertEquals(total, seen, "no character outside the alphabet");
  }
}
