package dev.silo.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.error.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardHeadersTest {
  @Test
  void blankValuesAreAbsentAndValuesAreTrimmed() {
    StandardHeaders h = new StandardHeaders("  max-age=60 ", "", null, " ", "Thu, 01 Jan 2031 00:00:00 GMT");
    assertThat(h.values()).containsExactly("max-age=60", null, null, null, "Thu, 01 Jan 2031 00:00:00 GMT");
    assertThat(StandardHeaders.of(h.values())).isEqualTo(h);
    assertThat(new StandardHeaders(null, null, null, null, null)).isEqualTo(StandardHeaders.NONE);
    assertThat(StandardHeaders.NONE.isEmpty()).isTrue();
  }

  @Test
  void lineBreaksControlsAndNonAsciiAreRefused() {
    for (String bad : List.of("a\r\nSet-Cookie: x=y", "a\nb", "a\u0000b", "a\u007fb", "caf\u00e9")) {
      assertThatThrownBy(() -> new StandardHeaders(null, bad, null, null, null))
          .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.code()).isEqualTo("invalid_header"));
    }
    assertThat(new StandardHeaders(null, "attachment;\tfilename*=UTF-8''caf%C3%A9", null, null, null).contentDisposition())
        .contains("%C3%A9");
  }

  @Test
  void theFiveTogetherAreAtMost2KiB() {
    String half = "x".repeat(1024);
    assertThat(new StandardHeaders(half, half, null, null, null).cacheControl()).hasSize(1024);
    assertThatThrownBy(() -> new StandardHeaders(half, half, "x", null, null))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.code()).isEqualTo("metadata_too_large"));
  }

  @Test
  void systemFactsKeepMultipartAndDropUploadFactsOnPublication() {
    SystemFacts pending = SystemFacts.pendingUpload(10L, true);
    assertThat(pending.verified()).isEqualTo(SystemFacts.pendingUpload(10L, false));
    assertThat(pending.published()).isEqualTo(SystemFacts.NONE);
    SystemFacts multi = SystemFacts.multipart("abc-2", List.of(5L, 1L));
    assertThat(multi.partCount()).isEqualTo(2);
    assertThat(multi.published()).isEqualTo(multi);
    assertThatThrownBy(() -> new SystemFacts("abc-2", 0, List.of(), null, false)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SystemFacts(null, 2, List.of(1L), null, false)).isInstanceOf(IllegalArgumentException.class);
  }
}
