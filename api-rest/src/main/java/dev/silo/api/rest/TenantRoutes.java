package dev.silo.api.rest;

import dev.silo.core.credential.ApiKeyService;
import dev.silo.core.credential.NewApiKey;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.ApiKeyId;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.TenantStatus;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.tenant.TenantPatch;
import dev.silo.core.tenant.TenantQuery;
import dev.silo.core.tenant.TenantService;
import dev.silo.core.tenant.TenantSpec;
import dev.silo.core.tenant.TenantView;
import dev.silo.http.Exchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The operator's tenant and key routes, and a tenant's own view of itself and its keys. */
final class TenantRoutes {
  private final TenantService tenants;
  private final ApiKeyService keys;

  TenantRoutes(TenantService tenants, ApiKeyService keys) {
    this.tenants = tenants;
    this.keys = keys;
  }

  void create(Exchange ex) throws IOException {
    Bodies.CreateTenant body = ex.readJson(Bodies.CreateTenant.class);
    if (body.slug() == null) {
      throw new InvalidInputException("invalid_slug", "slug is required");
    }
    TenantSpec spec =
        new TenantSpec(
            new TenantSlug(body.slug()),
            body.name(),
            body.limits() == null ? null : body.limits().toLimits(),
            body.status() == null ? null : TenantStatus.parse(body.status()),
            body.oidcSettings());
    var tenant = tenants.create(ex.context(), spec);
    ex.header("Location", "/v1/tenants/" + tenant.slug().value());
    ex.json(201, Views.tenant(new TenantView(tenant, dev.silo.core.domain.Usage.ZERO, 0)));
  }

  void list(Exchange ex) throws IOException {
    TenantService.TenantPage page = tenants.list(ex.context(), query(ex, TenantQuery.DEFAULT_LIMIT));
    Map<String, Object> body = Views.items(page.items().stream().map(Views::tenant).toList());
    body.put("next_cursor", page.nextCursor());
    ex.json(200, body);
  }

  /** {@code ?prefix=&cursor=&limit=}: the same page for the list and for the readiness of storage. */
  private static TenantQuery query(Exchange ex, int defaultLimit) {
    return new TenantQuery(ex.query("prefix").orElse(null), ex.query("cursor").orElse(null), ex.pageLimit().orElse(defaultLimit));
  }

  void get(Exchange ex) throws IOException {
    ex.json(200, Views.tenant(tenants.get(ex.context(), slug(ex))));
  }

  void update(Exchange ex) throws IOException {
    Bodies.PatchTenant body = ex.readJson(Bodies.PatchTenant.class);
    TenantPatch patch =
        new TenantPatch(
            body.name(), body.status() == null ? null : TenantStatus.parse(body.status()), body.limitsPatch(), body.oidcPatch());
    tenants.update(ex.context(), slug(ex), patch);
    ex.json(200, Views.tenant(tenants.get(ex.context(), slug(ex))));
  }

  /** A new data key version for the tenant: its new writes use it (operator). */
  void rotateKey(Exchange ex) throws IOException {
    ex.readJson(Bodies.RotateKey.class);
    int version = tenants.rotateKey(ex.context(), slug(ex));
    ex.json(200, Map.of("slug", slug(ex).value(), "key_version", version));
  }

  void delete(Exchange ex) throws IOException {
    tenants.delete(ex.context(), slug(ex));
    ex.empty(204);
  }

  /** Per-tenant storage readiness, for the operator: 503 when any tenant's space is unusable. */
  void storageHealth(Exchange ex) throws IOException {
    var checks = tenants.storageHealth(ex.context(), query(ex, TenantQuery.MAX_LIMIT));
    boolean ok = checks.stream().allMatch(TenantService.StorageHealth::ok);
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("status", ok ? "ok" : "unavailable");
    body.put(
        "items",
        checks.stream().map(c -> Map.of("tenant", c.tenant(), "storage", c.ok() ? "ok" : "unavailable")).toList());
    ex.json(ok ? 200 : 503, body);
  }

  /** The caller's tenant, with who the caller is and what it may do ({@code caller}), so that a client shows only that. */
  void own(Exchange ex) throws IOException {
    Map<String, Object> view = Views.tenant(tenants.own(ex.context()));
    Map<String, Object> caller = new LinkedHashMap<>();
    caller.put("actor", ex.context().actor());
    caller.put("scopes", ex.context().scopes().stream().map(Scope::wire).sorted().toList());
    view.put("caller", caller);
    ex.json(200, view);
  }

  // ---- keys: a tenant's own, or the operator's for the tenant the path names

  void createOwnKey(Exchange ex) throws IOException {
    createKey(ex, ex.context());
  }

  void listOwnKeys(Exchange ex) throws IOException {
    listKeys(ex, ex.context());
  }

  void revokeOwnKey(Exchange ex) throws IOException {
    revokeKey(ex, ex.context());
  }

  private void createKey(Exchange ex, RequestContext ctx) throws IOException {
    Bodies.CreateKey body = ex.readJson(Bodies.CreateKey.class);
    NewApiKey created = keys.create(ctx, body.name(), body.scopeSet());
    Map<String, Object> view = Views.key(created.key());
    view.put("key", created.plaintext());
    ex.header("Cache-Control", "no-store");
    ex.json(201, view);
  }

  private void listKeys(Exchange ex, RequestContext ctx) throws IOException {
    ex.json(200, Views.items(keys.list(ctx).stream().map(Views::key).toList()));
  }

  private void revokeKey(Exchange ex, RequestContext ctx) throws IOException {
    keys.revoke(ctx, new ApiKeyId(ex.param("key_id")));
    ex.empty(204);
  }

  private static TenantSlug slug(Exchange ex) {
    return new TenantSlug(ex.param("tenant"));
  }
}
