package dev.silo.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.error.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bucket holds fifty tags where an object holds ten, each checked as an object's is. */
class BucketTagsTest {
  private static Map<String, String> many(int n) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put("k" + i, "v" + i);
    }
    return m;
  }

  @Test
  void fiftyForABucketTenForAnObject() {
    assertThat(new BucketTags(many(50)).tags()).hasSize(50);
    assertThatThrownBy(() -> new BucketTags(many(51))).isInstanceOf(InvalidInputException.class).hasMessageContaining("a bucket");
    assertThatThrownBy(() -> new ObjectTags(many(11))).isInstanceOf(InvalidInputException.class).hasMessageContaining("an object");
    assertThatThrownBy(() -> new BucketTags(Map.of("aws:owner", "x"))).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> new BucketTags(Map.of("k", "<script>"))).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void theStoredFormReadsBack() {
    BucketTags t = new BucketTags(Map.of("team", "data eng", "a=b", "x/y@z+1"));
    assertThat(BucketTags.decode(t.encode())).isEqualTo(t);
    assertThat(BucketTags.decode(null)).isEqualTo(BucketTags.NONE);
    assertThat(BucketTags.NONE.encode()).isNull();
  }
}
