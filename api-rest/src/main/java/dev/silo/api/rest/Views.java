package dev.silo.api.rest;

import dev.silo.core.domain.ApiKey;
import dev.silo.core.domain.Bucket;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.Usage;
import dev.silo.core.version.ObjectVersion;
import dev.silo.core.tenant.TenantView;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The JSON shapes of the contract, built explicitly so a domain refactor cannot change them. */
final class Views {
  private Views() {}

  static Map<String, Object> object(ObjectInfo o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", o.id().value());
    m.put("bucket", o.bucket().value());
    m.put("key", o.key().value());
    m.put("size", Math.max(0, o.size()));
    m.put("content_type", o.contentType());
    m.put("etag", o.etag());
    m.put("sha256", o.sha256());
    m.put("status", o.status().wire());
    m.put("acl", o.acl().wire());
    m.put("folder", o.folder());
    m.put("metadata", new TreeMap<>(o.metadata())); // sorted: the same object reads the same everywhere
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("cache_control", o.headers().cacheControl());
    headers.put("content_disposition", o.headers().contentDisposition());
    headers.put("content_encoding", o.headers().contentEncoding());
    headers.put("content_language", o.headers().contentLanguage());
    headers.put("expires", o.headers().expires());
    m.put("headers", headers);
    m.put("created_at", o.createdAt());
    m.put("updated_at", o.updatedAt());
    m.put("version_id", o.version().wire());
    return m;
  }

  /** An entry of a version listing: the object's fields, and whether it is the latest and a delete marker. */
  static Map<String, Object> version(ObjectVersion v) {
    Map<String, Object> m = object(v.object());
    if (v.deleteMarker()) {
      for (String absent : new String[] {"content_type", "etag", "sha256", "acl", "folder", "metadata", "headers"}) {
        m.remove(absent);
      }
    }
    m.put("is_latest", v.latest());
    m.put("delete_marker", v.deleteMarker());
    return m;
  }

  static Map<String, Object> tenant(TenantView v) {
    Map<String, Object> m = tenant(v.tenant());
    Map<String, Object> usage = usage(v.usage());
    usage.put("pending_bytes", v.pendingBytes());
    if (v.noncurrent() != null) {
      // every version counts against the limits; this says how much of it is old versions
      usage.put("current_bytes", v.usage().bytes() - v.noncurrent().bytes());
      usage.put("noncurrent_bytes", v.noncurrent().bytes());
      usage.put("noncurrent_versions", v.noncurrent().objects());
    }
    m.put("usage", usage);
    return m;
  }

  static Map<String, Object> tenant(Tenant t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id().value());
    m.put("slug", t.slug().value());
    m.put("name", t.name());
    m.put("status", t.status().wire());
    m.put("limits", limits(t.limits()));
    m.put("oidc", t.oidc() == null ? null : oidc(t.oidc()));
    m.put("created_at", t.createdAt());
    m.put("updated_at", t.updatedAt());
    return m;
  }

  static Map<String, Object> limits(Limits l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("max_bytes", l.maxBytes());
    m.put("max_objects", l.maxObjects());
    m.put("max_upload_bytes", l.maxUploadBytes());
    m.put("max_buckets", l.maxBuckets());
    m.put("allowed_content_types", l.allowedContentTypes());
    return m;
  }

  static Map<String, Object> usage(Usage u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bytes", u.bytes());
    m.put("objects", u.objects());
    return m;
  }

  static Map<String, Object> bucket(Bucket b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", b.name().value());
    m.put("created_at", b.createdAt());
    m.put("usage", usage(b.usage() == null ? Usage.ZERO : b.usage()));
    m.put("versioning", b.versioning().wire());
    m.put("noncurrent_days", b.noncurrentDays());
    return m;
  }

  static Map<String, Object> key(ApiKey k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", k.id().value());
    m.put("name", k.name());
    m.put("prefix", k.prefix());
    m.put("scopes", k.scopes().stream().map(Scope::wire).sorted().toList());
    m.put("created_at", k.createdAt());
    m.put("last_used_at", k.lastUsedAt());
    m.put("revoked_at", k.revokedAt());
    return m;
  }

  static Map<String, Object> items(Object items) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("items", items);
    return m;
  }

  static Map<String, Object> oidc(dev.silo.core.domain.OidcSettings o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("issuer", o.issuer());
    m.put("audience", o.audience());
    m.put("jwks_url", o.jwksUrl());
    m.put("tenant_claim", o.tenantClaim());
    m.put("scopes_claim", o.scopesClaim());
    Map<String, Object> map = new LinkedHashMap<>();
    o.scopeMap().forEach((k, v) -> map.put(k, v.stream().map(dev.silo.core.domain.Scope::wire).sorted().toList()));
    m.put("scope_map", map);
    return m;
  }
}
