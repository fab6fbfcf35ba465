package dev.silo.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.core.domain.Acl;
import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.ObjectStatus;
import dev.silo.core.domain.StandardHeaders;
import dev.silo.core.domain.SystemFacts;
import dev.silo.core.spi.ObjectRepository.Visit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RowCodecTest {
  private static final ObjectInfo FULL =
      new ObjectInfo(
          new ObjectId("obj_" + "a".repeat(24)), new BucketName("photos"), new ObjectKey("dir/ü €/" + "k".repeat(900)),
          1234, "image/jpeg", "etag", "ab".repeat(32), ObjectStatus.READY, Acl.PUBLIC, "folder",
          Map.of("colour", "red", "empty", ""),
          new StandardHeaders("max-age=60", "attachment; filename=\"a.txt\"", "gzip", "de-CH", "Thu, 01 Dec 2026 16:00:00 GMT"),
          new SystemFacts("0123456789abcdef0123456789abcdef-3", 3, List.of(5L << 20, 5L << 20, 7L), 99L, true)
              .withChecksum(new dev.silo.core.domain.Checksum(
                  dev.silo.core.domain.ChecksumAlgorithm.CRC32C, dev.silo.core.domain.Checksum.Type.COMPOSITE, "AAAAAA==-3")),
          new BlobName("b" + "1".repeat(26)),
          Instant.parse("2026-11-23T10:00:00.123456789Z"), Instant.parse("2026-11-23T11:00:00Z"),
          new dev.silo.core.domain.Version("0000000000010000000000000000000000", false),
          new dev.silo.core.domain.ObjectTags(Map.of("team", "data eng", "a", "")),
          new dev.silo.core.domain.ObjectLock(
              dev.silo.core.domain.ObjectLock.Mode.GOVERNANCE, Instant.parse("2030-01-01T00:00:00.5Z"), true));

  @Test
  void rowsRoundTripWithEveryField() {
    ObjectInfo sparse =
        new ObjectInfo(new ObjectId("obj_" + "b".repeat(24)), new BucketName("photos"), new ObjectKey("p"), 0, null,
            null, null, ObjectStatus.PENDING, Acl.PRIVATE, null, Map.of(), null, null, null, null, null);
    assertThat(RowCodec.decode(RowCodec.encode(List.of(FULL, sparse)))).containsExactly(FULL, sparse);
  }

  @Test
  void aWalksVisitsRoundTripWithAndWithoutTheirRows() {
    List<Visit> visits =
        List.of(new Visit(FULL.key().value(), FULL.listed()), new Visit("dir/\ud83d\ude00/", null), new Visit("z", null));
    assertThat(RowCodec.decodeVisits(RowCodec.encodeVisits(visits))).isEqualTo(visits);
    byte[] cut = RowCodec.encodeVisits(visits);
    assertThat(RowCodec.decodeVisits(java.util.Arrays.copyOf(cut, cut.length - 1))).isNull();
  }

  @Test
  void anAbsentRowIsAnEmptyListAndGarbageIsAMiss() {
    assertThat(RowCodec.decode(RowCodec.encode(Optional.empty()))).isEmpty();
    assertThat(RowCodec.decode(new byte[] {9, 0, 0})).isNull();
    byte[] cut = RowCodec.encode(List.of(FULL));
    assertThat(RowCodec.decode(java.util.Arrays.copyOf(cut, cut.length / 2))).isNull();
  }
}
