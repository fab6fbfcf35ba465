package dev.silo.core.multipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.domain.Acl;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.ObjectStatus;
import dev.silo.core.domain.SystemFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartLayoutTest {
  static final long MIB5 = 5L * 1024 * 1024;

  @Test
  void equalPartsAndATailMakeTwoRunsAndLocateEachPart() {
    List<Long> sizes = new ArrayList<>(Collections.nCopies(9999, MIB5));
    sizes.add(7L);
    PartLayout layout = PartLayout.of(sizes);
    assertThat(layout.runs()).containsExactly(new PartLayout.Run(MIB5, 9999), new PartLayout.Run(7, 1));
    assertThat(layout.count()).isEqualTo(10_000);
    assertThat(layout.range(1)).isEqualTo(new ByteRange(0, MIB5 - 1));
    assertThat(layout.range(9999)).isEqualTo(new ByteRange(9998 * MIB5, 9999 * MIB5 - 1));
    assertThat(layout.range(10_000)).isEqualTo(new ByteRange(9999 * MIB5, 9999 * MIB5 + 6));
    assertThatThrownBy(() -> layout.range(10_001)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> layout.range(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsTheLayoutFromTheObjectsTypedPartSizes() {
    List<Long> sizes = List.of(MIB5, MIB5 + 1, MIB5 + 1, 3L);
    ObjectInfo o = object(SystemFacts.multipart("abc-4", sizes));
    assertThat(PartLayout.of(o)).contains(PartLayout.of(sizes));
    assertThat(PartLayout.of(o).orElseThrow().range(3)).isEqualTo(new ByteRange(2 * MIB5 + 1, 3 * MIB5 + 1));
    assertThat(PartLayout.of(object(SystemFacts.NONE))).isEmpty();
    // completed before part sizes were recorded: read as one part
    assertThat(PartLayout.of(object(new SystemFacts("abc-2", 2, List.of(), null, false)))).isEmpty();
  }

  @Test
  void anEmptyPartHasNoRange() {
    assertThat(PartLayout.of(List.of(0L)).range(1)).isNull();
  }

  static ObjectInfo object(SystemFacts facts) {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    return new ObjectInfo(
        new ObjectId("obj_" + "a".repeat(24)), new BucketName("photos"), new ObjectKey("a.bin"), 10, null, "e", null, ObjectStatus.READY,
        Acl.PRIVATE, null, Map.of(), null, facts, null, t, t);
  }
}
