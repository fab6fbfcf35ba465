package dev.silo.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.core.audit.Event;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.OidcSettings;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.TenantStatus;
import dev.silo.core.events.Delivery;
import dev.silo.core.events.DueDelivery;
import dev.silo.core.events.OutboxEntry;
import dev.silo.core.events.Webhook;
import dev.silo.core.spi.GlobalTx;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.spi.TenantTx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every MetadataStore must do for identity and events: tenants' OIDC settings found by issuer,
 * webhook deliveries queued with the event that causes them, leased by one claimer at a time,
 * retried, dead-lettered and re-driven, and the outbox read in order, each tenant its own.
 */
public abstract class EventsStoreContract {
  private static final Instant T0 = Instant.parse("2026-11-23T10:15:30.123Z");

  protected MetadataStore store;

  protected abstract MetadataStore newStore() throws Exception;

  protected void afterStoreClosed() throws Exception {}

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() throws Exception {
    try {
      store.close();
    } finally {
      afterStoreClosed();
    }
  }

  @Test
  void oidcSettingsRoundTripAndAreFoundByIssuer() {
    OidcSettings oidc = new OidcSettings("https://idp.example/a", "silo", "https://idp.example/a/jwks", "org", "roles",
        Map.of("reader", Set.of(Scope.READ), "writer", Set.of(Scope.READ, Scope.WRITE)));
    Tenant a = tenant("oidc-a").withOidc(oidc);
    Tenant b = tenant("oidc-b");
    global(tx -> {
      tx.tenants().insert(a);
      tx.tenants().insert(b);
    });
    assertThat(store.global((GlobalTx tx) -> tx.tenants().find(a.id())).orElseThrow()).isEqualTo(a);
    assertThat(store.global((GlobalTx tx) -> tx.tenants().findByIssuer("https://idp.example/a"))).containsExactly(a);
    assertThat(store.global((GlobalTx tx) -> tx.tenants().findByIssuer("https://idp.example/b"))).isEmpty();
    // console sign-in through the provider: its client and scope are kept with the rest
    Tenant console = a.withOidc(new OidcSettings(oidc.issuer(), oidc.audience(), oidc.jwksUrl(), oidc.tenantClaim(),
        oidc.scopesClaim(), oidc.scopeMap(), "silo-console", "openid storage"));
    global(tx -> tx.tenants().update(console));
    assertThat(store.global((GlobalTx tx) -> tx.tenants().find(a.id())).orElseThrow().oidc()).isEqualTo(console.oidc());
    global(tx -> tx.tenants().update(a.withOidc(null)));
    assertThat(store.global((GlobalTx tx) -> tx.tenants().findByIssuer("https://idp.example/a"))).isEmpty();
    assertThat(store.global((GlobalTx tx) -> tx.tenants().find(a.id())).orElseThrow().oidc()).isNull();
  }

  @Test
  void eventsQueueDeliveriesToTheTenantsMatchingWebhooksOnly() {
    Tenant a = tenant("hooks-a");
    Tenant b = tenant("hooks-b");
    global(tx -> {
      tx.tenants().insert(a);
      tx.tenants().insert(b);
    });
    inTenant(a.id(), tx -> {
      tx.webhooks().insert(new Webhook("wh_created", "https://r.example/1", Set.of("object.created"), true, T0));
      tx.webhooks().insert(new Webhook("wh_all", "https://r.example/2", Set.of(), true, T0));
    });
    inTenant(b.id(), tx -> tx.webhooks().insert(new Webhook("wh_b", "https://r.example/3", Set.of(), true, T0)));
    inTenant(a.id(), tx -> {
      tx.journal().event(event("evt_1", a, "object.created"));
      tx.journal().event(event("evt_2", a, "object.deleted"));
    });
    assertThat(store.inTenant(a.id(), (TenantTx tx) -> tx.webhooks().deliveries("wh_created", null, Long.MAX_VALUE, 10)))
        .extracting(Delivery::eventId).containsExactly("evt_1");
    assertThat(store.inTenant(a.id(), (TenantTx tx) -> tx.webhooks().deliveries("wh_all", "pending", Long.MAX_VALUE, 10)))
        .extracting(Delivery::eventId).containsExactly("evt_2", "evt_1");
    assertThat(store.inTenant(b.id(), (TenantTx tx) -> tx.webhooks().deliveries("wh_b", null, Long.MAX_VALUE, 10))).isEmpty();
    assertThat(store.inTenant(b.id(), (TenantTx tx) -> tx.webhooks().find("wh_all"))).isEmpty();
    assertThat(store.inTenant(b.id(), (TenantTx tx) -> tx.webhooks().delete("wh_all"))).isFalse();
    assertThat(store.global((GlobalTx tx) -> tx.webhookQueue().count("pending"))).isEqualTo(3);
  }

  @Test
  void aLeasedDeliveryIsNotDueUntilItsLeaseEnds() {
    Tenant a = tenant("due-a");
    global(tx -> tx.tenants().insert(a));
    inTenant(a.id(), tx -> {
      tx.webhooks().insert(new Webhook("wh_due", "https://r.example/due", Set.of(), true, T0));
      tx.journal().event(event("evt_due", a, "object.created"));
    });
    Instant now = T0.plusSeconds(1);
    Instant lease = now.plusSeconds(30);
    assertThat(store.readGlobal((GlobalTx tx) -> tx.webhookQueue().anyDue(now))).isTrue();
    assertThat(store.global((GlobalTx tx) -> tx.webhookQueue().claim(now, lease, 10, Set.of(), 100))).hasSize(1);
    assertThat(store.readGlobal((GlobalTx tx) -> tx.webhookQueue().anyDue(now))).isFalse();
    assertThat(store.readGlobal((GlobalTx tx) -> tx.webhookQueue().anyDue(lease))).isTrue();
  }

  @Test
  void claimsLeaseRetryDeadLetterAndRedrive() {
    Tenant a = tenant("queue-a");
    global(tx -> tx.tenants().insert(a));
    inTenant(a.id(), tx -> {
      tx.webhooks().insert(new Webhook("wh_1", "https://r.example/1", Set.of(), true, T0));
      tx.webhooks().insert(new Webhook("wh_2", "https://r.example/2", Set.of(), true, T0));
      for (int i = 0; i < 3; i++) {
        tx.journal().event(event("evt_" + i, a, "object.created"));
      }
    });
    Instant now = T0.plusSeconds(1);
    Instant lease = now.plusSeconds(30);
    assertThat(store.readGlobal((GlobalTx tx) -> tx.webhookQueue().anyDue(T0.minusMillis(1)))).isFalse();
    assertThat(store.readGlobal((GlobalTx tx) -> tx.webhookQueue().anyDue(now))).isTrue();
    // at most one per endpoint, and none of an excluded endpoint
    List<DueDelivery> first = store.global((GlobalTx tx) -> tx.webhookQueue().claim(now, lease, 1, Set.of(), 100));
    assertThat(first).extracting(DueDelivery::webhookId).containsExactlyInAnyOrder("wh_1", "wh_2");
    assertThat(first).allSatisfy(d -> {
      assertThat(d.eventId()).isEqualTo("evt_0");
      assertThat(d.payload()).contains("evt_0");
      assertThat(d.tenant()).isEqualTo(a.id().value());
    });
    List<DueDelivery> second = store.global((GlobalTx tx) -> tx.webhookQueue().claim(now, lease, 10, Set.of("wh_2"), 100));
    assertThat(second).extracting(DueDelivery::webhookId).containsOnly("wh_1");
    assertThat(second).extracting(DueDelivery::eventId).containsExactlyInAnyOrder("evt_1", "evt_2");
    // leased: nothing of wh_1 is due again before the lease ends
    assertThat(store.global((GlobalTx tx) -> tx.webhookQueue().claim(now, lease, 10, Set.of("wh_2"), 100))).isEmpty();
    assertThat(store.global((GlobalTx tx) -> tx.webhookQueue().claim(lease, lease.plusSeconds(30), 10, Set.of("wh_2"), 100)))
        .hasSize(3);

    DueDelivery d = first.get(0);
    global(tx -> tx.webhookQueue().retry(d, 1, now.plusSeconds(5), "HTTP 500", now));
    global(tx -> tx.webhookQueue().dead(d, 2, "HTTP 503", now.plusSeconds(6)));
    assertThat(store.global((GlobalTx tx) -> tx.webhookQueue().count("dead"))).isEqualTo(1);
    Delivery dead = store.inTenant(a.id(), (TenantTx tx) -> tx.webhooks().deliveries(d.webhookId(), "dead", Long.MAX_VALUE, 10)).get(0);
    assertThat(dead.attempts()).isEqualTo(2);
    assertThat(dead.lastError()).isEqualTo("HTTP 503");
    assertThat(store.inTenant(a.id(), (TenantTx tx) -> tx.webhooks().redrive(d.webhookId(), d.id(), now.plusSeconds(7)))).isTrue();
    assertThat(store.inTenant(a.id(), (TenantTx tx) -> tx.webhooks().redrive(d.webhookId(), d.id(), now.plusSeconds(7)))).isFalse();
    assertThat(store.global((GlobalTx tx) -> tx.webhookQueue().claim(now.plusSeconds(7), lease.plusSeconds(60), 10, Set.of(), 100)))
        .extracting(DueDelivery::id).contains(d.id());
    global(tx -> tx.webhookQueue().delivered(d, now.plusSeconds(8)));
    assertThat(store.inTenant(a.id(), (TenantTx tx) -> tx.webhooks().deliveries(d.webhookId(), "delivered", Long.MAX_VALUE, 10)))
        .extracting(Delivery::id).containsExactly(d.id());
    assertThat(store.global((GlobalTx tx) -> tx.webhookQueue().oldestDueAge(T0.plus(Duration.ofHours(1))))).isPositive();
    // deleting the tenant removes its webhooks and deliveries
    global(tx -> tx.tenants().delete(a.id()));
    assertThat(store.global((GlobalTx tx) -> tx.webhookQueue().count("pending"))).isZero();
    assertThat(store.readGlobal((GlobalTx tx) -> tx.webhookQueue().anyDue(lease.plusSeconds(3600)))).isFalse();
  }

  @Test
  void theOutboxIsReadInOrderByItsTenantOnly() {
    Tenant a = tenant("outbox-a");
    Tenant b = tenant("outbox-b");
    global(tx -> {
      tx.tenants().insert(a);
      tx.tenants().insert(b);
    });
    inTenant(a.id(), tx -> tx.journal().event(event("evt_a1", a, "object.created")));
    inTenant(b.id(), tx -> tx.journal().event(event("evt_b1", b, "object.created")));
    inTenant(a.id(), tx -> tx.journal().event(event("evt_a2", a, "object.deleted")));
    global(tx -> tx.journal().event(event("evt_a3", a, "tenant.updated")));
    List<OutboxEntry> all = store.inTenant(a.id(), (TenantTx tx) -> tx.outbox().after(0, 10));
    assertThat(all).extracting(OutboxEntry::id).containsExactly("evt_a1", "evt_a2", "evt_a3");
    long afterFirst = store.inTenant(a.id(), (TenantTx tx) -> tx.outbox().seqOf("evt_a1")).orElseThrow();
    assertThat(store.inTenant(a.id(), (TenantTx tx) -> tx.outbox().after(afterFirst, 10)))
        .extracting(OutboxEntry::id).containsExactly("evt_a2", "evt_a3");
    assertThat(store.inTenant(a.id(), (TenantTx tx) -> tx.outbox().seqOf("evt_b1"))).isEmpty();
    assertThat(store.inTenant(a.id(), (TenantTx tx) -> tx.outbox().last())).isEqualTo(all.get(2).seq());
    assertThat(store.inTenant(b.id(), (TenantTx tx) -> tx.outbox().after(0, 10))).extracting(OutboxEntry::id).containsExactly("evt_b1");
  }

  /**
   * A webhook's filter (S3's notification filters) passes the events of its bucket's objects whose
   * keys start and end as it says, and no event of no object; the filter comes back as stored.
   */
  @Test
  void filteredWebhooksGetOnlyTheirObjectsEvents() {
    Tenant a = tenant("filters");
    global(tx -> tx.tenants().insert(a));
    var photos = new dev.silo.core.events.WebhookFilter("photos", "uploads/", ".jpg");
    var anyBucket = new dev.silo.core.events.WebhookFilter(null, "uploads/ü", null);
    inTenant(a.id(), tx -> {
      tx.webhooks().insert(new Webhook("wh_photos", "https://r.example/p", Set.of(), true, T0, photos));
      tx.webhooks().insert(new Webhook("wh_prefix", "https://r.example/u", Set.of("object.created"), true, T0, anyBucket));
      tx.webhooks().insert(new Webhook("wh_every", "https://r.example/e", Set.of(), true, T0));
    });
    inTenant(a.id(), tx -> {
      tx.journal().event(objectEvent("evt_match", a, "photos", "uploads/cat.jpg"));
      tx.journal().event(objectEvent("evt_bucket", a, "docs", "uploads/cat.jpg"));
      tx.journal().event(objectEvent("evt_suffix", a, "photos", "uploads/cat.png"));
      tx.journal().event(objectEvent("evt_prefix", a, "photos", "other/cat.jpg"));
      tx.journal().event(objectEvent("evt_short", a, "photos", ".jpg")); // shorter than the prefix
      tx.journal().event(objectEvent("evt_utf8", a, "docs", "uploads/über.txt"));
      tx.journal().event(event("evt_credential", a, "credential.created")); // no object
    });
    assertThat(store.inTenant(a.id(), (TenantTx tx) -> tx.webhooks().deliveries("wh_photos", null, Long.MAX_VALUE, 10)))
        .extracting(Delivery::eventId).containsExactly("evt_match");
    assertThat(store.inTenant(a.id(), (TenantTx tx) -> tx.webhooks().deliveries("wh_prefix", null, Long.MAX_VALUE, 10)))
        .extracting(Delivery::eventId).containsExactly("evt_utf8");
    assertThat(store.inTenant(a.id(), (TenantTx tx) -> tx.webhooks().deliveries("wh_every", null, Long.MAX_VALUE, 10))).hasSize(7);
    assertThat(store.inTenant(a.id(), (TenantTx tx) -> tx.webhooks().find("wh_photos")).orElseThrow().filter()).isEqualTo(photos);
    assertThat(store.inTenant(a.id(), (TenantTx tx) -> tx.webhooks().find("wh_every")).orElseThrow().filter().isNone()).isTrue();
  }

  // ---- helpers

  private static Event objectEvent(String id, Tenant t, String bucket, String key) {
    return new Event(id, t.id().value(), "object.created", T0, "{\"id\":\"" + id + "\"}", bucket, key);
  }

  private static Event event(String id, Tenant t, String type) {
    return new Event(id, t.id().value(), type, T0, "{\"id\":\"" + id + "\",\"type\":\"" + type + "\"}");
  }

  private static Tenant tenant(String slug) {
    return new Tenant(new TenantId(UUID.randomUUID().toString().replace("-", "").substring(0, 20)), new TenantSlug(slug),
        "Tenant " + slug, TenantStatus.ACTIVE, Limits.DEFAULT, T0, T0);
  }

  @FunctionalInterface
  private interface TenantSteps {
    void run(TenantTx tx);
  }

  @FunctionalInterface
  private interface GlobalSteps {
    void run(GlobalTx tx);
  }

  private void inTenant(TenantId tenant, TenantSteps steps) {
    store.inTenant(tenant, (TenantTx tx) -> {
      steps.run(tx);
      return null;
    });
  }

  private void global(GlobalSteps steps) {
    store.global((GlobalTx tx) -> {
      steps.run(tx);
      return null;
    });
  }
}
