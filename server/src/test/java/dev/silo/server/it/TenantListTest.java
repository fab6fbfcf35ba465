package dev.silo.server.it;

import static dev.silo.server.it.Checks.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's tenant list a page at a time, by slug prefix, and the audit log naming tenants by slug. */
class TenantListTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static Api op;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("data"));
    op = silo.operator();
    for (String slug : List.of("page-c", "page-a", "page-e", "page-b", "page-d", "other-1")) {
      silo.tenant(slug);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  private static List<String> slugs(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.path("items").forEach(t -> out.add(t.path("slug").asText()));
    return out;
  }

  @Test
  void pagesFollowTheirCursorInSlugOrderUntilTheLast() {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Api.Resp r = op.get("/v1/tenants?prefix=page-&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().path("items").size()).isBetween(1, 2);
      seen.addAll(slugs(r.json()));
      cursor = r.json().path("next_cursor").isNull() ? null : r.json().path("next_cursor").asText();
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(seen).containsExactly("page-a", "page-b", "page-c", "page-d", "page-e");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void theDefaultPageHoldsEveryTenantOfASmallList() {
    JsonNode page = op.get("/v1/tenants").json();
    // other tests add tenants of their own: every one is on this page, in slug order
    assertThat(slugs(page)).isSorted().containsSubsequence("other-1", "page-a", "page-b", "page-c", "page-d", "page-e");
    assertThat(page.path("next_cursor").isNull()).isTrue();
    assertThat(page.path("items").get(0).path("usage").has("bytes")).isTrue();
  }

  @Test
  void aTenantCreatedBetweenPagesShowsUpInItsPlaceAndNothingRepeats() {
    for (String slug : List.of("mid-a", "mid-b", "mid-c")) {
      silo.tenant(slug);
    }
    JsonNode first = op.get("/v1/tenants?prefix=mid-&limit=2").json();
    assertThat(slugs(first)).containsExactly("mid-a", "mid-b");
    silo.tenant("mid-bb");
    silo.tenant("mid-aa"); // before the cursor: the next pages do not repeat or shift for it
    JsonNode second = op.get("/v1/tenants?prefix=mid-&limit=2&cursor=" + first.path("next_cursor").asText()).json();
    assertThat(slugs(second)).containsExactly("mid-bb", "mid-c");
  }

  @Test
  void storageReadinessAnswersForTheSamePage() {
    Api.Resp r = op.get("/readyz/tenants?prefix=page-&limit=2");
    assertThat(r.status()).isEqualTo(200);
    List<String> tenants = new ArrayList<>();
    r.json().path("items").forEach(i -> tenants.add(i.path("tenant").asText()));
    assertThat(tenants).containsExactly("page-a", "page-b");
  }

  @Test
  void aBadPrefixCursorOrLimitIsRefused() {
    assertError(op.get("/v1/tenants?prefix=Page"), 400, "invalid_parameter");
    assertError(op.get("/v1/tenants?cursor=%27%20OR%201%3D1"), 400, "invalid_cursor");
    assertError(op.get("/v1/tenants?limit=0"), 400, "invalid_limit");
    assertError(op.get("/readyz/tenants?limit=1001"), 400, "invalid_limit");
    assertError(silo.tenant("key-holder").get("/v1/tenants?limit=1"), 403, "operator_only");
  }

  @Test
  void theOperatorsAuditLogNamesEachTenantBySlug() {
    JsonNode page = op.get("/v1/audit?action=tenant.created&limit=1000").json();
    assertThat(page.path("items").size()).isGreaterThanOrEqualTo(6);
    for (JsonNode entry : page.path("items")) {
      String id = entry.path("tenant").asText();
      String slug = entry.path("tenant_slug").asText();
      assertThat(op.get("/v1/tenants/" + slug).json().path("id").asText()).as(entry.toString()).isEqualTo(id);
    }
  }
}
