package dev.silo.core.audit;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.Tenant;
import dev.silo.core.spi.TenantTx;
import dev.silo.core.support.IdGenerator;
import java.time.Instant;

/**
 * Writes the audit record and the outbox event of a change inside the transaction that makes the
 * change, so that both exist exactly when the change does.
 */
public final class Journal {
  private final IdGenerator ids;

  public Journal(IdGenerator ids) {
    this.ids = ids;
  }

  /** The journal of one transaction. */
  public Entry in(TenantTx tx, RequestContext ctx, Instant now) {
    return new Entry(tx, ctx, now);
  }

  public final class Entry {
    private final TenantTx tx;
    private final RequestContext ctx;
    private final Instant now;

    private Entry(TenantTx tx, RequestContext ctx, Instant now) {
      this.tx = tx;
      this.ctx = ctx;
      this.now = now;
    }

    public void audit(String action, String target) {
      tx.journal()
          .audit(
              new AuditRecord(
                  0,
                  ctx.tenant().value(),
                  now,
                  ctx.actor(),
                  action,
                  target,
                  "success",
                  ctx.requestId(),
                  ctx.source()));
    }

    /** An object change: {@code object.created}, {@code object.updated}, {@code object.deleted}… */
    public void object(String type, ObjectInfo o) {
      object(type, type, o, false);
    }

    /**
     * An object change whose audit action differs from its event type (a version deleted for good
     * is audited as {@code object.version_deleted}, announced as {@code object.deleted}). The
     * event carries the version id ({@code "null"} for the null version) and whether {@code o} is
     * a delete marker.
     */
    public void object(String auditAction, String type, ObjectInfo o, boolean deleteMarker) {
      audit(auditAction, o.bucket().value() + "/" + o.key().value()
          + (auditAction.equals(type) ? "" : "?version_id=" + o.version().wire()));
      String id = ids.eventId();
      String payload =
          head(id, type)
              .field("bucket", o.bucket().value())
              .field("key", o.key().value())
              .field("object_id", o.id().value())
              .field("size", o.size())
              .field("etag", o.etag())
              .field("version_id", o.version().wire())
              .field("delete_marker", deleteMarker)
              .field("actor", ctx.actor())
              .toString();
      tx.journal().event(new Event(id, ctx.tenant().value(), type, now, payload, o.bucket().value(), o.key().value()));
    }

    /** A credential event: {@code credential.created}, {@code credential.revoked}. */
    public void credential(String type, String credentialId) {
      audit(type, credentialId);
      String id = ids.eventId();
      String payload =
          head(id, type)
              .field("credential_id", credentialId)
              .field("actor", ctx.actor())
              .toString();
      event(id, type, payload);
    }

    /** An upload published by its last step ({@code upload.completed}), beside its object event. */
    public void uploadCompleted(ObjectInfo o) {
      String id = ids.eventId();
      String payload =
          head(id, "upload.completed")
              .field("bucket", o.bucket().value())
              .field("key", o.key().value())
              .field("object_id", o.id().value())
              .field("size", o.size())
              .field("etag", o.etag())
              .field("actor", ctx.actor())
              .toString();
      tx.journal().event(new Event(id, ctx.tenant().value(), "upload.completed", now, payload, o.bucket().value(), o.key().value()));
    }

    /** The fields every event of this tenant starts with, in the order subscribers see them. */
    private JsonWriter head(String id, String type) {
      return new JsonWriter()
          .field("id", id)
          .field("type", type)
          .field("tenant", ctx.tenant().value())
          .field("time", now.toString());
    }

    private void event(String id, String type, String payload) {
      tx.journal().event(new Event(id, ctx.tenant().value(), type, now, payload));
    }
  }

  /** The {@code tenant.updated} event, written by the operator's global transaction. */
  public static Event tenantUpdated(String eventId, Tenant t, String actor, Instant now) {
    String payload =
        new JsonWriter()
            .field("id", eventId)
            .field("type", "tenant.updated")
            .field("tenant", t.id().value())
            .field("time", now.toString())
            .field("slug", t.slug().value())
            .field("status", t.status().wire())
            .field("actor", actor)
            .toString();
    return new Event(eventId, t.id().value(), "tenant.updated", now, payload);
  }
}
