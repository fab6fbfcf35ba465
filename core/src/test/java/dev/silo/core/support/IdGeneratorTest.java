package dev.silo.core.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.Version;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
  void idsOfRowsWrittenOnEveryWriteSortByTheTimeTheyWereMadeAndStayUnguessable() {
    Instant t0 = Instant.parse("2026-12-04T10:00:00Z");
    List<String> objects = new ArrayList<>();
    List<String> inline = new ArrayList<>();
    List<String> events = new ArrayList<>();
    for (int ms = 0; ms < 50; ms++) {
      IdGenerator ids = new IdGenerator(new Random(ms), Clock.fixed(t0.plusMillis(ms * 7L), ZoneOffset.UTC));
      ObjectId object = ids.objectId();
      BlobName blob = ids.inlineBlobName();
      objects.add(object.value());
      inline.add(blob.value());
      events.add(ids.eventId());
      assertThat(blob.inline()).isTrue();
      assertThat(Version.timeOf(object.value().substring(4))).isEqualTo(t0.plusMillis(ms * 7L));
    }
    assertThat(objects).isSorted();
    assertThat(inline).isSorted();
    assertThat(events).isSorted().allSatisfy(e -> assertThat(e).matches("evt_[0-9a-f]{12}[0-9a-z]{20}"));
    // within one millisecond, only the 20 random characters tell them apart
    IdGenerator sameInstant = new IdGenerator(new Random(1), Clock.fixed(t0, ZoneOffset.UTC));
    var seen = new HashSet<String>();
    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(sameInstant.objectId().value().substring(16))).isTrue();
    }
  }

  @Test
  void blobFilesKeepRandomNamesForTheFileStoresDirectories() {
    IdGenerator ids = new IdGenerator(new Random(3), Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC));
    var shards = new HashSet<String>();
    for (int i = 0; i < 200; i++) {
      shards.add(ids.blobName().value().substring(1, 3));
    }
    assertThat(shards.size()).isGreaterThan(150);
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
