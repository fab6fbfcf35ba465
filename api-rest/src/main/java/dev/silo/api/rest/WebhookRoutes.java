package dev.silo.api.rest;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.events.Delivery;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.events.NewWebhook;
import dev.silo.core.events.Webhook;
import dev.silo.core.events.WebhookFilter;
import dev.silo.core.events.WebhookService;
import dev.silo.http.Exchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tenant's webhook endpoints (its own, or the operator's for a tenant) and their deliveries. */
final class WebhookRoutes {
  /** {@code filter} (optional): the bucket, key prefix and key suffix of the objects whose events are wanted. */
  record CreateWebhook(String url, List<String> events, Filter filter) {}

  record Filter(String bucket, String prefix, String suffix) {}

  private final WebhookService webhooks;

  WebhookRoutes(WebhookService webhooks) {
    this.webhooks = webhooks;
  }

  void createOwn(Exchange ex) throws IOException {
    create(ex, ex.context());
  }

  void listOwn(Exchange ex) throws IOException {
    ex.json(200, Views.items(webhooks.list(ex.context()).stream().map(WebhookRoutes::view).toList()));
  }

  void getOwn(Exchange ex) throws IOException {
    ex.json(200, view(webhooks.get(ex.context(), ex.param("webhook_id"))));
  }

  void deleteOwn(Exchange ex) throws IOException {
    webhooks.delete(ex.context(), ex.param("webhook_id"));
    ex.empty(204);
  }

  void deliveries(Exchange ex) throws IOException {
    int limit = ex.pageLimit().orElse(100);
    List<Delivery> page =
        webhooks.deliveries(ex.context(), ex.param("webhook_id"), ex.query("status").orElse(null), ex.query("cursor").orElse(null), limit + 1);
    boolean more = page.size() > limit;
    List<Delivery> items = more ? page.subList(0, limit) : page;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items.stream().map(d -> view(d, webhooks.deliveryId(ex.context(), d))).toList());
    body.put("next_cursor", more ? webhooks.deliveryId(ex.context(), items.get(items.size() - 1)) : null);
    ex.json(200, body);
  }

  void redrive(Exchange ex) throws IOException {
    webhooks.redrive(ex.context(), ex.param("webhook_id"), ex.param("delivery_id"));
    ex.json(202, Map.of("status", "pending"));
  }

  private void create(Exchange ex, RequestContext ctx) throws IOException {
    CreateWebhook body = ex.readJson(CreateWebhook.class);
    if (body == null) {
      throw new InvalidInputException("invalid_body", "a JSON object with url is required");
    }
    WebhookFilter filter = body.filter() == null ? WebhookFilter.NONE
        : new WebhookFilter(body.filter().bucket(), body.filter().prefix(), body.filter().suffix());
    NewWebhook created = webhooks.create(ctx, body.url(), body.events(), filter);
    Map<String, Object> view = view(created.webhook());
    view.put("secret", created.secret());
    ex.header("Cache-Control", "no-store");
    ex.header("Location", "/v1/webhooks/" + created.webhook().id());
    ex.json(201, view);
  }

  static Map<String, Object> view(Webhook w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", w.id());
    m.put("url", w.url());
    m.put("events", w.events().isEmpty() ? List.of("*") : w.events().stream().sorted().toList());
    m.put("active", w.active());
    m.put("created_at", w.createdAt());
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("bucket", w.filter().bucket());
    f.put("prefix", w.filter().prefix());
    f.put("suffix", w.filter().suffix());
    m.put("filter", f);
    return m;
  }

  static Map<String, Object> view(Delivery d, String id) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("event_id", d.eventId());
    m.put("status", d.status());
    m.put("attempts", d.attempts());
    m.put("first_at", d.firstAt());
    m.put("next_attempt_at", d.status().equals("pending") ? d.nextAttemptAt() : null);
    m.put("last_error", d.lastError());
    m.put("updated_at", d.updatedAt());
    return m;
  }
}
