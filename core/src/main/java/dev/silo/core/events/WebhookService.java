package dev.silo.core.events;

import dev.silo.core.audit.Journal;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.Scope;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.support.IdGenerator;
import dev.silo.core.support.OutboundGuard;
import dev.silo.core.support.Positions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A tenant's webhook endpoints: created (secret shown once), listed, deleted, and their deliveries. */
public final class WebhookService {
  /** The event types Silo emits. */
  public static final Set<String> EVENT_TYPES =
      Set.of(
          "object.created",
          "object.updated",
          "object.deleted",
          "upload.completed",
          "credential.created",
          "credential.revoked",
          "s3_credential.created",
          "s3_credential.revoked",
          "tenant.updated");

  private static final int MAX_ENDPOINTS = 20;

  private final MetadataStore metadata;
  private final WebhookSecrets secrets;
  private final OutboundGuard guard;
  private final IdGenerator ids;
  private final Journal journal;
  private final Clock clock;
  private final Positions positions;

  public WebhookService(
      MetadataStore metadata, WebhookSecrets secrets, OutboundGuard guard, IdGenerator ids, Journal journal, Clock clock,
      Positions positions) {
    this.positions = positions;
    this.metadata = metadata;
    this.secrets = secrets;
    this.guard = guard;
    this.ids = ids;
    this.journal = journal;
    this.clock = clock;
  }

  public NewWebhook create(RequestContext ctx, String url, List<String> events) {
    return create(ctx, url, events, WebhookFilter.NONE);
  }

  /** An endpoint for the events of the objects {@code filter} passes (S3's event notification filters). */
  public NewWebhook create(RequestContext ctx, String url, List<String> events, WebhookFilter filter) {
    ctx.require(Scope.ADMIN);
    if (url == null || url.length() > 2048) {
      throw new InvalidInputException("invalid_url", "url is required (at most 2048 characters)");
    }
    guard.check(url);
    Set<String> types = new LinkedHashSet<>();
    if (events != null) {
      for (String e : events) {
        if (!EVENT_TYPES.contains(e)) {
          throw new InvalidInputException("invalid_event_type", "unknown event type: " + e);
        }
        types.add(e);
      }
    }
    Instant now = now();
    Webhook webhook = new Webhook("wh_" + ids.base36(20), url, types, true, now, filter);
    metadata.inTenant(
        ctx.tenant(),
        tx -> {
          if (tx.webhooks().list().size() >= MAX_ENDPOINTS) {
            throw new InvalidInputException("too_many_webhooks", "a tenant may have at most " + MAX_ENDPOINTS + " webhooks");
          }
          tx.webhooks().insert(webhook);
          journal.in(tx, ctx, now).audit("webhook.created", webhook.id());
          return null;
        });
    return new NewWebhook(webhook, secrets.secretOf(webhook.id()));
  }

  public List<Webhook> list(RequestContext ctx) {
    ctx.require(Scope.ADMIN);
    return metadata.inTenant(ctx.tenant(), tx -> tx.webhooks().list());
  }

  public Webhook get(RequestContext ctx, String id) {
    ctx.require(Scope.ADMIN);
    return metadata.inTenant(ctx.tenant(), tx -> tx.webhooks().find(id)).orElseThrow(WebhookService::notFound);
  }

  public void delete(RequestContext ctx, String id) {
    ctx.require(Scope.ADMIN);
    Instant now = now();
    metadata.inTenant(
        ctx.tenant(),
        tx -> {
          if (!tx.webhooks().delete(id)) {
            throw notFound();
          }
          journal.in(tx, ctx, now).audit("webhook.deleted", id);
          return null;
        });
  }

  /**
   * A delivery's id as the tenant sees it: opaque (the store numbers deliveries from one sequence
   * for all tenants). Also the cursor after it in {@link #deliveries}.
   */
  public String deliveryId(RequestContext ctx, Delivery d) {
    return positions.encode(Positions.Kind.DELIVERY, ctx.tenant().value(), d.id());
  }

  /** An endpoint's deliveries, newest first, before {@code cursor} (null: the newest); {@code status} null for any. */
  public List<Delivery> deliveries(RequestContext ctx, String id, String status, String cursor, int limit) {
    ctx.require(Scope.ADMIN);
    long beforeId =
        cursor == null || cursor.isEmpty()
            ? Long.MAX_VALUE
            : positions
                .decode(Positions.Kind.DELIVERY, ctx.tenant().value(), cursor)
                .orElseThrow(() -> new InvalidInputException("invalid_cursor", "cursor must be a next_cursor of this list"));
    if (status != null && !Set.of("pending", "delivered", "dead").contains(status)) {
      throw new InvalidInputException("invalid_parameter", "status must be pending, delivered or dead");
    }
    return metadata.inTenant(
        ctx.tenant(),
        tx -> {
          tx.webhooks().find(id).orElseThrow(WebhookService::notFound);
          return tx.webhooks().deliveries(id, status, beforeId, limit);
        });
  }

  /** Sends a dead-lettered delivery again, with a fresh retry period. */
  public void redrive(RequestContext ctx, String id, String deliveryId) {
    ctx.require(Scope.ADMIN);
    long number =
        positions
            .decode(Positions.Kind.DELIVERY, ctx.tenant().value(), deliveryId)
            .orElseThrow(() -> new NotFoundException("delivery_not_found", "no dead delivery with this id"));
    Instant now = now();
    metadata.inTenant(
        ctx.tenant(),
        tx -> {
          if (!tx.webhooks().redrive(id, number, now)) {
            throw new NotFoundException("delivery_not_found", "no dead delivery with this id");
          }
          journal.in(tx, ctx, now).audit("webhook.redriven", id + "/" + deliveryId);
          return null;
        });
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static NotFoundException notFound() {
    return new NotFoundException("webhook_not_found", "no such webhook");
  }
}
