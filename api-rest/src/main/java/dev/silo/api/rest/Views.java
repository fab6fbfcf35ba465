package dev.silo.api.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.silo.core.domain.ApiKey;
import dev.silo.core.domain.Bucket;
import dev.silo.core.domain.Lifecycle;
import dev.silo.core.domain.LifecycleRule;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectLock;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.StandardHeaders;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.Usage;
import dev.silo.core.version.ObjectVersion;
import dev.silo.core.tenant.TenantView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON shapes of the contract, built explicitly so a domain refactor cannot change them. */
final class Views {
  private Views() {}

  /**
   * An object as the contract shows it. A record, not a map: Jackson writes a record's components
   * with serializers it found once, where a map's values are looked up by their class one by one,
   * which was a fifth of the CPU of a 1,000-object listing page.
   */
  record ObjectView(
      String id,
      String bucket,
      String key,
      long size,
      String contentType,
      String etag,
      String sha256,
      String status,
      String acl,
      String folder,
      Map<String, String> metadata,
      HeadersView headers,
      Instant createdAt,
      Instant updatedAt,
      String versionId,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> tags,
      @JsonInclude(JsonInclude.Include.NON_NULL) LockView objectLock) {}

  /** A version's S3 object lock: its retention (mode and date, or neither) and legal hold. */
  record LockView(@JsonInclude(JsonInclude.Include.NON_NULL) String mode, @JsonInclude(JsonInclude.Include.NON_NULL) Instant retainUntil,
      boolean legalHold) {}

  /** The standard headers an object is served with. */
  record HeadersView(
      String cacheControl, String contentDisposition, String contentEncoding, String contentLanguage, String expires) {}

  /** An entry of a version listing: the object's fields, and whether it is the latest. */
  record VersionView(@JsonUnwrapped ObjectView object, boolean isLatest, boolean deleteMarker) {}

  /** A delete marker in a version listing: it has no content, so none of the content's fields. */
  record MarkerView(
      String id,
      String bucket,
      String key,
      long size,
      String status,
      Instant createdAt,
      Instant updatedAt,
      String versionId,
      boolean isLatest,
      boolean deleteMarker) {}

  static ObjectView object(ObjectInfo o) {
    StandardHeaders h = o.headers();
    return new ObjectView(
        o.id().value(),
        o.bucket().value(),
        o.key().value(),
        Math.max(0, o.size()),
        o.contentType(),
        o.etag(),
        o.sha256(),
        o.status().wire(),
        o.acl().wire(),
        o.folder(),
        new TreeMap<>(o.metadata()), // sorted: the same object reads the same everywhere
        new HeadersView(h.cacheControl(), h.contentDisposition(), h.contentEncoding(), h.contentLanguage(), h.expires()),
        o.createdAt(),
        o.updatedAt(),
        o.version().wire(),
        o.tags().tags(), // listings read neither tags nor locks: only a single object's view shows them
        o.lock().isNone() ? null : new LockView(o.lock().mode() == null ? null : o.lock().mode().name(), o.lock().retainUntil(),
            o.lock().legalHold()));
  }

  /** A version listing's entry: a {@link VersionView}, or a {@link MarkerView} for a delete marker. */
  static Object version(ObjectVersion v) {
    ObjectInfo o = v.object();
    if (v.deleteMarker()) {
      return new MarkerView(
          o.id().value(),
          o.bucket().value(),
          o.key().value(),
          Math.max(0, o.size()),
          o.status().wire(),
          o.createdAt(),
          o.updatedAt(),
          o.version().wire(),
          v.latest(),
          true);
    }
    return new VersionView(object(o), v.latest(), false);
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
    if (!b.tags().isEmpty()) {
      m.put("tags", b.tags().tags());
    }
    ObjectLock.Configuration lock = b.objectLock();
    if (lock != null) {
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("default_mode", lock.defaultMode() == null ? null : lock.defaultMode().name());
      l.put("default_days", lock.days());
      l.put("default_years", lock.years());
      m.put("object_lock", l);
    }
    return m;
  }

  static Map<String, Object> lifecycle(Lifecycle lifecycle) {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (LifecycleRule r : lifecycle.rules()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id());
      m.put("enabled", r.enabled());
      m.put("prefix", r.prefix());
      m.put("expiration_days", r.expirationDays());
      m.put("expiration_date", r.expirationDate() == null ? null : r.expirationDate().toString());
      m.put("expired_object_delete_marker", r.expiredObjectDeleteMarker());
      m.put("noncurrent_days", r.noncurrentDays());
      m.put("abort_incomplete_upload_days", r.abortIncompleteDays());
      m.put("tags", r.tags().tags());
      m.put("object_size_greater_than", r.sizeGreaterThan());
      m.put("object_size_less_than", r.sizeLessThan());
      rules.add(m);
    }
    return Map.of("rules", rules);
  }

  static Map<String, Object> cors(dev.silo.core.domain.CorsRules cors) {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (dev.silo.core.domain.CorsRules.Rule r : cors.rules()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id());
      m.put("allowed_origins", r.allowedOrigins());
      m.put("allowed_methods", r.allowedMethods());
      m.put("allowed_headers", r.allowedHeaders());
      m.put("expose_headers", r.exposeHeaders());
      m.put("max_age_seconds", r.maxAgeSeconds());
      rules.add(m);
    }
    return Map.of("rules", rules);
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
    m.put("console_client_id", o.consoleClientId());
    m.put("console_scope", o.consoleScope());
    return m;
  }
}
