package dev.silo.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class WebhookFilterTest {
  @Test
  void aFilterPassesItsBucketsKeysByPrefixAndSuffixAndNoEventOfNoObject() {
    WebhookFilter f = new WebhookFilter("photos", "uploads/", ".jpg");
    assertThat(f.matches("photos", "uploads/a.jpg")).isTrue();
    assertThat(f.matches("docs", "uploads/a.jpg")).isFalse();
    assertThat(f.matches("photos", "uploads/a.png")).isFalse();
    assertThat(f.matches("photos", "x/uploads/a.jpg")).isFalse();
    assertThat(f.matches(null, null)).isFalse();
    assertThat(WebhookFilter.NONE.matches(null, null)).isTrue();
    assertThat(new WebhookFilter("", "", "")).isEqualTo(WebhookFilter.NONE);
  }

  @Test
  void aFilterNoObjectCouldMatchIsRefused() {
    assertThatThrownBy(() -> new WebhookFilter("Not_A_Bucket", null, null)).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).code()).isEqualTo("invalid_bucket_name"));
    assertThatThrownBy(() -> new WebhookFilter(null, "k".repeat(1025), null)).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).code()).isEqualTo("invalid_filter"));
    assertThatThrownBy(() -> new WebhookFilter(null, null, "a\0b")).isInstanceOf(InvalidInputException.class);
  }
}
