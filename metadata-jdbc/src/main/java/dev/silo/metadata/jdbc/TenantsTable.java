package dev.silo.metadata.jdbc;

import dev.silo.core.domain.ApiKeyId;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.Usage;
import dev.silo.core.spi.DuplicateException;
import dev.silo.core.spi.TenantRepository;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code tenants} as the operator sees it, and the deletion of everything a tenant owns. */
final class TenantsTable implements TenantRepository {
  private static final String SELECT = "SELECT " + Rows.TENANT_COLUMNS + " FROM tenants";

  /**
   * Children before parents, for the foreign keys. Not here: {@code blob_cleanup}, so that the
   * sweeper still deletes the tenant's blobs, and {@code audit}, which is append-only.
   */
  private static final List<String> OWNED_TABLES =
      List.of("tenant_keys", "objects", "object_versions", "blob_refs", "buckets", "api_keys", "outbox", "s3_credentials", "multipart_parts", "multipart_uploads",
          "resumable_assembly_parts", "resumable_parts", "resumable_uploads", "reservations",
          "webhook_deliveries", "webhooks", "inline_blobs");

  private final Sql sql;

  TenantsTable(Sql sql) {
    this.sql = sql;
  }

  @Override
  public void insert(Tenant tenant) {
    var limits = tenant.limits();
    Object[] oidc = Rows.oidcColumns(tenant.oidc());
    int inserted =
        sql.update(
            "INSERT INTO tenants (" + Rows.TENANT_COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            tenant.id().value(),
            tenant.slug().value(),
            tenant.name(),
            tenant.status().wire(),
            limits.maxBytes(),
            limits.maxObjects(),
            limits.maxUploadBytes(),
            limits.maxBuckets(),
            Rows.contentTypes(limits),
            tenant.createdAt(),
            tenant.updatedAt(),
            oidc[0],
            oidc[1],
            oidc[2],
            oidc[3],
            oidc[4],
            oidc[5],
            oidc[6],
            oidc[7]);
    if (inserted == 0) {
      throw new DuplicateException("tenant " + tenant.slug() + " already exists");
    }
  }

  /**
   * A node that keeps the keys it read, which carry their tenant (its status), forgets them when
   * this commits ({@link CommitNotices}).
   */
  @Override
  public void update(Tenant tenant) {
    sql.noteCredentialsChanged();
    var limits = tenant.limits();
    Object[] oidc = Rows.oidcColumns(tenant.oidc());
    int changed =
        sql.update(
            "UPDATE tenants SET name = ?, status = ?, max_bytes = ?, max_objects = ?,"
                + " max_upload_bytes = ?, max_buckets = ?, allowed_content_types = ?,"
                + " updated_at = ?, oidc_issuer = ?, oidc_audience = ?, oidc_jwks_url = ?,"
                + " oidc_tenant_claim = ?, oidc_scopes_claim = ?, oidc_scope_map = ?,"
                + " oidc_console_client_id = ?, oidc_console_scope = ? WHERE id = ?",
            tenant.name(),
            tenant.status().wire(),
            limits.maxBytes(),
            limits.maxObjects(),
            limits.maxUploadBytes(),
            limits.maxBuckets(),
            Rows.contentTypes(limits),
            tenant.updatedAt(),
            oidc[0],
            oidc[1],
            oidc[2],
            oidc[3],
            oidc[4],
            oidc[5],
            oidc[6],
            oidc[7],
            tenant.id().value());
    if (changed == 0) {
      throw TenantRow.notFound();
    }
  }

  @Override
  public Optional<Tenant> find(TenantId id) {
    return sql.first(SELECT + " WHERE id = ?", Rows::tenant, id.value());
  }

  @Override
  public Optional<Tenant> findWithLiveKey(TenantId id, ApiKeyId key) {
    return sql.first(
        SELECT + " WHERE id = ? AND EXISTS (SELECT 1 FROM api_keys k"
            + " WHERE k.id = ? AND k.tenant_id = tenants.id AND k.revoked_at IS NULL)",
        Rows::tenant, id.value(), key.value());
  }

  @Override
  public Optional<Tenant> findBySlug(TenantSlug slug) {
    return sql.first(SELECT + " WHERE slug = ?", Rows::tenant, slug.value());
  }

  @Override
  public List<Tenant> findByIssuer(String issuer) {
    return sql.list(SELECT + " WHERE oidc_issuer = ? ORDER BY slug", Rows::tenant, issuer);
  }

  @Override
  public Map<TenantId, TenantSlug> slugs(Collection<TenantId> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return sql.list(
            "SELECT id, slug FROM tenants WHERE id IN (" + Sql.placeholders(ids.size()) + ")",
            row -> Map.entry(new TenantId(row.getString("id")), new TenantSlug(row.getString("slug"))),
            ids.stream().map(TenantId::value).toArray())
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  @Override
  public List<Tenant> list() {
    return sql.list(SELECT + " ORDER BY slug", Rows::tenant);
  }

  @Override
  public List<Listed> listWithUsage(String prefix, String after, int limit) {
    // a slug has no LIKE wildcard (_ or %) to escape; the slug index gives the order and the start
    return sql.list(
        "SELECT " + Rows.TENANT_COLUMNS + ", used_bytes, used_objects,"
            + " (SELECT COALESCE(SUM(r.bytes), 0) FROM reservations r WHERE r.tenant_id = tenants.id) AS pending_bytes"
            + " FROM tenants WHERE slug LIKE ? AND slug > ? ORDER BY slug LIMIT ?",
        row -> new Listed(Rows.tenant(row), new Usage(row.getLong("used_bytes"), row.getLong("used_objects")),
            row.getLong("pending_bytes")),
        (prefix == null ? "" : prefix) + "%", after == null ? "" : after, limit);
  }

  @Override
  public long pendingBytes(TenantId id) {
    return sql.first("SELECT COALESCE(SUM(bytes), 0) FROM reservations WHERE tenant_id = ?", row -> row.getLong(1), id.value())
        .orElse(0L);
  }

  @Override
  public Usage usage(TenantId id) {
    return sql.first(
            "SELECT used_bytes, used_objects FROM tenants WHERE id = ?", Rows::usage, id.value())
        .orElseThrow(TenantRow::notFound);
  }

  @Override
  public void delete(TenantId id) {
    sql.noteCredentialsChanged();
    for (String table : OWNED_TABLES) {
      sql.update("DELETE FROM " + table + " WHERE tenant_id = ?", id.value());
    }
    sql.update("DELETE FROM tenants WHERE id = ?", id.value());
  }
}
