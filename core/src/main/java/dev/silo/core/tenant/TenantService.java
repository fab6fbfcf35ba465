package dev.silo.core.tenant;

import dev.silo.core.audit.AuditRecord;
import dev.silo.core.audit.Journal;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.error.ConflictException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.DuplicateException;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.spi.TenantRepository;
import dev.silo.core.support.IdGenerator;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The operator's view of tenants: create (with default bucket and storage), update, delete. */
public final class TenantService {
  private static final System.Logger LOG = System.getLogger(TenantService.class.getName());

  private final MetadataStore metadata;
  private final BlobStore blobs;
  private final TenancyLayout layout;
  private final IdGenerator ids;
  private final Clock clock;
  private final TenantKeys keys;

  public TenantService(
      MetadataStore metadata, BlobStore blobs, TenancyLayout layout, IdGenerator ids, Clock clock) {
    this(metadata, blobs, layout, ids, clock, TenantKeys.NONE);
  }

  public TenantService(
      MetadataStore metadata, BlobStore blobs, TenancyLayout layout, IdGenerator ids, Clock clock, TenantKeys keys) {
    this.metadata = metadata;
    this.blobs = blobs;
    this.layout = layout;
    this.ids = ids;
    this.clock = clock;
    this.keys = keys;
  }

  /**
   * Gives the tenant a new data key version, which encrypts its writes from now on; objects
   * written before stay readable with theirs until {@code silo reencrypt} moves them.
   */
  public int rotateKey(RequestContext ctx, TenantSlug slug) {
    ctx.requireOperator();
    Tenant tenant = metadata.global(tx -> tx.tenants().findBySlug(slug).orElseThrow(TenantService::notFound));
    int version;
    try {
      version = keys.rotate(tenant.id());
    } catch (IOException e) {
      throw new UnavailableException("the tenant's key could not be rotated", e);
    }
    Instant now = now();
    metadata.global(tx -> {
      tx.journal().audit(audit(ctx, tenant, "tenant.key_rotated", now));
      return null;
    });
    return version;
  }

  public Tenant create(RequestContext ctx, TenantSpec spec) {
    ctx.requireOperator();
    Instant now = now();
    Tenant tenant =
        new Tenant(ids.tenantId(), spec.slug(), spec.name(), spec.status(), spec.limits(), now, now, spec.oidc());
    try {
      blobs.provision(layout.spaceOf(tenant));
    } catch (dev.silo.core.spi.MissingSpaceException e) {
      // the backend answered: the operator must create the bucket first, a retry alone will not help
      throw new ConflictException("bucket_missing", e.getMessage());
    } catch (IOException e) {
      // operator-only route: the cause (say, a bucket that must exist first) is theirs to act on
      throw new UnavailableException("the storage backend could not provision the tenant: " + e.getMessage(), e);
    }
    try {
      metadata.global(
          tx -> {
            tx.tenants().insert(tenant);
            tx.journal().audit(audit(ctx, tenant, "tenant.created", now));
            return null;
          });
    } catch (DuplicateException e) {
      throw new ConflictException("tenant_exists", "a tenant with this slug exists");
    }
    metadata.inTenant(
        tenant.id(),
        tx -> {
          tx.buckets().insert(new BucketName(tenant.slug().value()), now);
          return null;
        });
    return tenant;
  }

  /** A page of tenants and the cursor of the next, null after the last page. */
  public record TenantPage(List<TenantView> items, String nextCursor) {}

  public TenantPage list(RequestContext ctx, TenantQuery query) {
    ctx.requireOperator();
    // one more than the page: whether a next page exists without a second statement
    List<TenantView> read = metadata.global(
        tx -> tx.tenants().listWithUsage(query.prefix(), query.cursor(), query.limit() + 1).stream()
            .map(l -> new TenantView(l.tenant(), l.usage(), l.pendingBytes()))
            .toList());
    if (read.size() <= query.limit()) {
      return new TenantPage(read, null);
    }
    List<TenantView> page = read.subList(0, query.limit());
    return new TenantPage(page, page.getLast().tenant().slug().value());
  }

  public TenantView get(RequestContext ctx, TenantSlug slug) {
    ctx.requireOperator();
    return metadata.global(
        tx -> {
          Tenant t = tx.tenants().findBySlug(slug).orElseThrow(TenantService::notFound);
          return new TenantView(t, tx.tenants().usage(t.id()), tx.tenants().pendingBytes(t.id()));
        });
  }

  /** The caller's own tenant. */
  public TenantView own(RequestContext ctx) {
    return metadata.inTenant(
        ctx.tenant(),
        tx -> new TenantView(tx.tenant().get(), tx.tenant().usage(), tx.tenant().pendingBytes(), tx.versions().noncurrentUsage()));
  }

  public Tenant update(RequestContext ctx, TenantSlug slug, TenantPatch patch) {
    ctx.requireOperator();
    Instant now = now();
    return metadata.global(
        tx -> {
          Tenant t = tx.tenants().findBySlug(slug).orElseThrow(TenantService::notFound);
          Tenant updated =
              new Tenant(
                  t.id(),
                  t.slug(),
                  patch.name() == null ? t.name() : patch.name(),
                  patch.status() == null ? t.status() : patch.status(),
                  patch.limits() == null ? t.limits() : patch.limits().applyTo(t.limits()),
                  t.createdAt(),
                  now,
                  patch.oidc() == null ? t.oidc() : patch.oidc().orElse(null));
          tx.tenants().update(updated);
          tx.journal().audit(audit(ctx, updated, "tenant.updated", now));
          tx.journal().event(Journal.tenantUpdated(ids.eventId(), updated, ctx.actor(), now));
          return updated;
        });
  }

  /** Removes the tenant's rows, then its blobs: once the rows are gone nothing of it is visible. */
  public void delete(RequestContext ctx, TenantSlug slug) {
    ctx.requireOperator();
    Instant now = now();
    Tenant tenant =
        metadata.global(
            tx -> {
              Tenant t = tx.tenants().findBySlug(slug).orElseThrow(TenantService::notFound);
              tx.tenants().delete(t.id());
              tx.journal().audit(audit(ctx, t, "tenant.deleted", now));
              return t;
            });
    // its wrapped data keys went with its rows, in that transaction: forget the unwrapped ones too
    keys.forget(tenant.id());
    try {
      blobs.destroy(layout.spaceOf(tenant));
    } catch (IOException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "tenant {0} deleted but its storage space could not be removed: {1}",
          slug,
          e.toString());
    }
  }

  /** One tenant's storage as the operator's readiness check sees it. */
  public record StorageHealth(String tenant, boolean ok) {}

  /**
   * Checks the storage space (its backend bucket or directory) of each tenant of a page of the
   * tenant list, the same tenants {@link #list} answers for the query: per-tenant health, for the
   * operator only.
   */
  public List<StorageHealth> storageHealth(RequestContext ctx, TenantQuery query) {
    ctx.requireOperator();
    List<Tenant> page = metadata.global(
        tx -> tx.tenants().listWithUsage(query.prefix(), query.cursor(), query.limit()).stream()
            .map(TenantRepository.Listed::tenant)
            .toList());
    List<StorageHealth> out = new ArrayList<>();
    for (Tenant t : page) {
      boolean ok;
      try {
        blobs.check(layout.spaceOf(t));
        ok = true;
      } catch (IOException | RuntimeException e) {
        ok = false;
      }
      out.add(new StorageHealth(t.slug().value(), ok));
    }
    return out;
  }

  /**
   * Brings the declared tenants into being: creates the missing, updates those whose declaration
   * changed, never deletes one that is not declared.
   */
  public List<String> reconcile(RequestContext ctx, List<TenantSpec> declared) {
    ctx.requireOperator();
    List<String> changes = new ArrayList<>();
    for (TenantSpec spec : declared) {
      Optional<Tenant> existing = metadata.global(tx -> tx.tenants().findBySlug(spec.slug()));
      if (existing.isEmpty()) {
        create(ctx, spec);
        changes.add("created " + spec.slug());
      } else {
        Tenant t = existing.get();
        if (!Objects.equals(t.name(), spec.name())
            || !Objects.equals(t.limits(), spec.limits())
            || !Objects.equals(t.oidc(), spec.oidc())
            || t.status() != spec.status()) {
          update(
              ctx,
              spec.slug(),
              new TenantPatch(
                  spec.name(), spec.status(), TenantPatch.LimitsPatch.replacing(spec.limits()), Optional.ofNullable(spec.oidc())));
          changes.add("updated " + spec.slug());
        }
      }
    }
    return changes;
  }

  private static AuditRecord audit(RequestContext ctx, Tenant t, String action, Instant now) {
    return new AuditRecord(
        0, t.id().value(), now, ctx.actor(), action, t.slug().value(), "success", ctx.requestId(), ctx.source());
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static NotFoundException notFound() {
    return new NotFoundException("tenant_not_found", "no such tenant");
  }
}
