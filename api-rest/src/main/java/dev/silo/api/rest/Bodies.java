package dev.silo.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.silo.core.domain.ObjectLock;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.OidcSettings;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.StandardHeaders;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.tenant.TenantPatch;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Request bodies as the contract names their fields (snake_case on the wire). */
final class Bodies {
  private Bodies() {}

  record LimitsBody(Long maxBytes, Long maxObjects, Long maxUploadBytes, Integer maxBuckets, List<String> allowedContentTypes) {
    Limits toLimits() {
      return new Limits(maxBytes, maxObjects, maxUploadBytes, maxBuckets == null ? 1 : maxBuckets, allowedContentTypes);
    }
  }

  record CreateTenant(String slug, String name, LimitsBody limits, String status, JsonNode oidc) {
    OidcSettings oidcSettings() {
      return oidc == null || oidc.isNull() ? null : Bodies.oidc(oidc);
    }
  }

  /**
   * {@code {"issuer", "audience", "jwks_url", "tenant_claim"?, "scopes_claim"?, "scope_map"?: {value: [scopes]}}},
   * validated by {@link OidcSettings}.
   */
  static OidcSettings oidc(JsonNode o) {
    if (!o.isObject()) {
      throw new InvalidInputException("invalid_oidc", "oidc must be an object");
    }
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!OidcSettings.FIELDS.contains(f)) {
        throw new InvalidInputException("unknown_field", "unknown field: oidc." + f);
      }
    }
    Map<String, Set<Scope>> scopeMap = new java.util.LinkedHashMap<>();
    JsonNode map = o.get("scope_map");
    if (map != null && !map.isNull()) {
      if (!map.isObject()) {
        throw new InvalidInputException("invalid_oidc", "oidc.scope_map must map claim values to lists of scopes");
      }
      for (var e : map.properties()) {
        if (!e.getValue().isArray()) {
          throw new InvalidInputException("invalid_oidc", "oidc.scope_map must map claim values to lists of scopes");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (JsonNode n : e.getValue()) {
          scopes.add(Scope.parse(n.asText()));
        }
        scopeMap.put(e.getKey(), scopes);
      }
    }
    return new OidcSettings(
        text(o, "issuer"), text(o, "audience"), text(o, "jwks_url"), text(o, "tenant_claim"), text(o, "scopes_claim"), scopeMap,
        text(o, "console_client_id"), text(o, "console_scope"));
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new InvalidInputException("invalid_oidc", "oidc." + field + " must be a string");
    }
    return v.asText();
  }

  /** A PATCH keeps the difference between an absent limit (unchanged) and a null one (unlimited). */
  record PatchTenant(String name, String status, JsonNode limits, JsonNode oidc) {
    /** Absent: unchanged (null); JSON null: removed (empty); an object: replaced. */
    Optional<OidcSettings> oidcPatch() {
      if (oidc == null) {
        return null;
      }
      return oidc.isNull() ? Optional.empty() : Optional.of(Bodies.oidc(oidc));
    }

    TenantPatch.LimitsPatch limitsPatch() {
      if (limits == null || limits.isNull()) {
        return null;
      }
      if (!limits.isObject()) {
        throw new InvalidInputException("invalid_limits", "limits must be an object");
      }
      Set<String> known = Set.of("max_bytes", "max_objects", "max_upload_bytes", "max_buckets", "allowed_content_types");
      for (Iterator<String> it = limits.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!known.contains(f)) {
          throw new InvalidInputException("unknown_field", "unknown field: limits." + f);
        }
      }
      return new TenantPatch.LimitsPatch(
          optionalLong("max_bytes"),
          optionalLong("max_objects"),
          optionalLong("max_upload_bytes"),
          limits.has("max_buckets") ? intValue("max_buckets") : null,
          limits.has("allowed_content_types") ? strings("allowed_content_types") : null);
    }

    private Optional<Long> optionalLong(String field) {
      if (!limits.has(field)) {
        return null;
      }
      JsonNode v = limits.get(field);
      if (v.isNull()) {
        return Optional.empty();
      }
      if (!v.canConvertToLong() || !v.isIntegralNumber()) {
        throw new InvalidInputException("invalid_limits", field + " must be an integer or null");
      }
      return Optional.of(v.asLong());
    }

    private Integer intValue(String field) {
      JsonNode v = limits.get(field);
      if (!v.isInt()) {
        throw new InvalidInputException("invalid_limits", field + " must be an integer");
      }
      return v.asInt();
    }

    private List<String> strings(String field) {
      JsonNode v = limits.get(field);
      if (v.isNull()) {
        return List.of();
      }
      if (!v.isArray()) {
        throw new InvalidInputException("invalid_limits", field + " must be a list of strings");
      }
      java.util.ArrayList<String> out = new java.util.ArrayList<>();
      for (JsonNode n : v) {
        if (!n.isTextual()) {
          throw new InvalidInputException("invalid_limits", field + " must be a list of strings");
        }
        out.add(n.asText());
      }
      return out;
    }
  }

  record CreateKey(String name, List<String> scopes) {
    /** Empty when none are asked for: the credential then gets its creator's scopes. */
    Set<Scope> scopeSet() {
      if (scopes == null || scopes.isEmpty()) {
        return Set.of();
      }
      Set<Scope> out = EnumSet.noneOf(Scope.class);
      for (String s : scopes) {
        out.add(Scope.parse(s));
      }
      return out;
    }
  }

  /** POST /v1/buckets: {@code object_lock} true makes a bucket with S3 object lock (and versioning enabled for good). */
  record CreateBucket(String name, Boolean objectLock) {}

  /** PATCH /v1/buckets/{name}: {@code noncurrent_days} present and null clears it, absent keeps it. */
  record PatchBucket(String versioning, JsonNode noncurrentDays, ObjectLockBody objectLock, Map<String, String> tags) {}

  /** A bucket's object lock: on, with a default retention ({@code default_mode} and days or years) or none. */
  record ObjectLockBody(String defaultMode, Integer defaultDays, Integer defaultYears) {
    ObjectLock.Configuration configuration() {
      return new ObjectLock.Configuration(defaultMode == null ? null : ObjectLock.Mode.named(defaultMode), defaultDays, defaultYears);
    }
  }

  /** A bucket's lifecycle rules, as {@code PUT /v1/buckets/{bucket}/lifecycle} takes and answers them. */
  record LifecycleBody(List<LifecycleRuleBody> rules) {}

  record LifecycleRuleBody(
      String id, Boolean enabled, String prefix, Integer expirationDays, java.time.LocalDate expirationDate,
      Boolean expiredObjectDeleteMarker, Integer noncurrentDays, Integer abortIncompleteUploadDays, Map<String, String> tags,
      Long objectSizeGreaterThan, Long objectSizeLessThan) {}

  /** A bucket's CORS rules, as {@code PUT /v1/buckets/{bucket}/cors} takes and answers them (S3's CORSRule, in snake case). */
  record CorsBody(List<CorsRuleBody> rules) {}

  record CorsRuleBody(
      String id, List<String> allowedOrigins, List<String> allowedMethods, List<String> allowedHeaders, List<String> exposeHeaders,
      Integer maxAgeSeconds) {}

  record Restore(String versionId) {}

  /** A copy or move: from {@code key} of {@code bucket} to {@code toKey} of {@code toBucket} (buckets absent: the default one). */
  record CopyObject(String bucket, String key, String toBucket, String toKey, Boolean overwrite) {}

  /** The code a provider sent the browser back with, the PKCE verifier, and the redirect URI the sign-in named. */
  record SignInCode(String code, String codeVerifier, String redirectUri) {}

  record CreateS3Credential(String description, String bucket, List<String> scopes) {
    Set<Scope> scopeSet() {
      return new CreateKey(null, scopes).scopeSet();
    }
  }

  record InfoPatch(
      String acl, String folder, Map<String, String> metadata, Map<String, String> tags, JsonNode retention, Boolean legalHold) {}

  /** {@code POST /v1/sign/{key}}: how long the URL lives, and optionally the version it reads. */
  record Sign(Long ttlSeconds, String versionId) {}

  /** {@code POST /v1/tenants/{slug}/rotate-key}: an empty object; read so that a hostile body is refused like anywhere. */
  record RotateKey() {}

  /** {@code POST /v1/uploads}: the object's user metadata and standard headers come with the request. */
  record Upload(
      String filename,
      String contentType,
      Long size,
      String category,
      String bucket,
      Long ttlSeconds,
      Boolean resumable,
      Map<String, String> metadata,
      String cacheControl,
      String contentDisposition,
      String contentEncoding,
      String contentLanguage,
      String expires) {
    StandardHeaders headers() {
      return new StandardHeaders(cacheControl, contentDisposition, contentEncoding, contentLanguage, expires);
    }
  }
}
