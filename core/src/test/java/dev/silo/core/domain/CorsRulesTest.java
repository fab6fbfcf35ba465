package dev.silo.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.error.InvalidInputException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorsRulesTest {
  static final CorsRules.Rule APP = new CorsRules.Rule("app", List.of("https://app.example"), List.of("GET", "PUT"),
      List.of("Content-Type", "x-amz-*"), List.of("ETag"), 600);
  static final CorsRules.Rule DOCS = new CorsRules.Rule(null, List.of("https://*.example.org"), List.of("GET"), List.of(), List.of(), null);
  static final CorsRules RULES = new CorsRules(List.of(APP, DOCS));

  @Test
  void theFirstRuleAllowingOriginMethodAndEveryHeaderAnswers() {
    assertThat(RULES.match("https://app.example", "put", List.of("content-type", "X-Amz-Meta-Owner"))).contains(APP);
    assertThat(RULES.match("https://guide.example.org", "GET", List.of())).contains(DOCS);
    assertThat(RULES.match("https://app.example", "DELETE", List.of())).as("method").isEmpty();
    assertThat(RULES.match("https://app.example", "PUT", List.of("authorization"))).as("a header no rule allows").isEmpty();
    assertThat(RULES.match("https://guide.example.org", "GET", List.of("content-type"))).as("DOCS allows no header").isEmpty();
    assertThat(RULES.match("https://example.org", "GET", List.of())).as("the * stands for at least the dot's prefix").isEmpty();
    assertThat(RULES.match("https://APP.example", "GET", List.of())).as("origins compare exactly").isEmpty();
    assertThat(RULES.match(null, "GET", List.of())).isEmpty();
  }

  @Test
  void anyOriginIsAnsweredWithAStar() {
    CorsRules any = new CorsRules(List.of(new CorsRules.Rule(null, List.of("*"), List.of("GET"), List.of("*"), List.of(), null)));
    CorsRules.Rule r = any.match("https://x.example", "GET", List.of("anything")).orElseThrow();
    assertThat(r.allowOrigin("https://x.example")).isEqualTo("*");
    assertThat(APP.allowOrigin("https://app.example")).isEqualTo("https://app.example");
  }

  @Test
  void theStoredFormKeepsEveryField() {
    assertThat(CorsRules.decode(RULES.encode())).isEqualTo(RULES);
    assertThat(CorsRules.NONE.encode()).isNull();
    assertThat(CorsRules.decode(null)).isEqualTo(CorsRules.NONE);
  }

  @Test
  void whatS3RefusesIsRefused() {
    for (Runnable bad : List.<Runnable>of(
        () -> new CorsRules.Rule(null, List.of(), List.of("GET"), List.of(), List.of(), null),
        () -> new CorsRules.Rule(null, List.of("https://a"), List.of(), List.of(), List.of(), null),
        () -> new CorsRules.Rule(null, List.of("https://a"), List.of("TRACE"), List.of(), List.of(), null),
        () -> new CorsRules.Rule(null, List.of("https://*.*.a"), List.of("GET"), List.of(), List.of(), null),
        () -> new CorsRules.Rule(null, List.of("https://a b"), List.of("GET"), List.of(), List.of(), null),
        () -> new CorsRules.Rule(null, List.of("https://a"), List.of("GET"), List.of("x-*-*"), List.of(), null),
        () -> new CorsRules.Rule(null, List.of("https://a"), List.of("GET"), List.of(), List.of("ETag*"), null),
        () -> new CorsRules.Rule(null, List.of("https://a"), List.of("GET"), List.of(), List.of(), -1),
        () -> new CorsRules.Rule("x".repeat(256), List.of("https://a"), List.of("GET"), List.of(), List.of(), null),
        () -> new CorsRules(Collections.nCopies(101, DOCS)))) {
      assertThatThrownBy(bad::run).isInstanceOf(InvalidInputException.class)
          .satisfies(e -> assertThat(((InvalidInputException) e).code()).isEqualTo("invalid_cors"));
    }
  }
}
