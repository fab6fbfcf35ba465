package dev.silo.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.OidcSettings;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.TenantStatus;
import dev.silo.core.error.SiloException;
import dev.silo.core.tenant.TenantSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The declarative tenants file ({@code SILO_TENANTS_FILE}), in the spirit of the seeds' tenant
 * configs:
 *
 * <pre>{"tenants": [{"slug": "acme", "name": "Acme", "status": "active",
 *   "limits": {"max_bytes": 1073741824, "max_buckets": 2, "allowed_content_types": ["text/csv"]},
 *   "oidc": {"issuer": "https://idp.example.com", "audience": "silo",
 *            "jwks_url": "https://idp.example.com/jwks", "tenant_claim": "tenant"}}]}</pre>
 *
 * Validated whole before anything is applied; an error names the bad field by its path.
 */
final class TenantsFile {
  private static final Set<String> TENANT_FIELDS = Set.of("slug", "name", "status", "limits", "oidc");
  private static final Set<String> LIMIT_FIELDS =
      Set.of("max_bytes", "max_objects", "max_upload_bytes", "max_buckets", "allowed_content_types");

  /** The file is invalid; the message names the file and the field. */
  static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message);
    }
  }

  private TenantsFile() {}

  static List<TenantSpec> read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new Invalid("tenants file " + file + ": cannot be read as JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject() || !root.path("tenants").isArray()) {
      throw new Invalid("tenants file " + file + ": must be an object with a \"tenants\" array");
    }
    List<TenantSpec> specs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int i = 0;
    for (JsonNode t : root.get("tenants")) {
      String at = "tenants[" + i++ + "]";
      try {
        TenantSpec spec = spec(t, at);
        if (!seen.add(spec.slug().value())) {
          throw new Invalid(at + ".slug: duplicate slug " + spec.slug());
        }
        specs.add(spec);
      } catch (Invalid e) {
        throw new Invalid("tenants file " + file + ": " + e.getMessage());
      }
    }
    return specs;
  }

  private static TenantSpec spec(JsonNode t, String at) {
    if (!t.isObject()) {
      throw new Invalid(at + ": must be an object");
    }
    unknown(t, TENANT_FIELDS, at);
    TenantSlug slug = field(at + ".slug", () -> new TenantSlug(text(t, "slug", at)));
    String name = t.has("name") ? text(t, "name", at) : null;
    TenantStatus status = t.has("status") ? field(at + ".status", () -> TenantStatus.parse(text(t, "status", at))) : null;
    Limits limits = null;
    if (t.has("limits")) {
      JsonNode l = t.get("limits");
      String lat = at + ".limits";
      if (!l.isObject()) {
        throw new Invalid(lat + ": must be an object");
      }
      unknown(l, LIMIT_FIELDS, lat);
      Long maxBytes = number(l, "max_bytes", lat);
      Long maxObjects = number(l, "max_objects", lat);
      Long maxUpload = number(l, "max_upload_bytes", lat);
      Long maxBuckets = number(l, "max_buckets", lat);
      if (maxBuckets != null && (maxBuckets < 1 || maxBuckets > 1000)) {
        throw new Invalid(lat + ".max_buckets: must be between 1 and 1000");
      }
      List<String> types = new ArrayList<>();
      if (l.has("allowed_content_types")) {
        JsonNode a = l.get("allowed_content_types");
        if (!a.isArray()) {
          throw new Invalid(lat + ".allowed_content_types: must be a list of media types");
        }
        for (JsonNode x : a) {
          if (!x.isTextual()) {
            throw new Invalid(lat + ".allowed_content_types: must be a list of media types");
          }
          types.add(x.asText());
        }
        field(lat + ".allowed_content_types", () -> new Limits(null, null, null, 1, types));
      }
      limits =
          field(lat, () -> new Limits(maxBytes, maxObjects, maxUpload, maxBuckets == null ? 1 : maxBuckets.intValue(), types));
    }
    OidcSettings oidc = t.has("oidc") && !t.get("oidc").isNull() ? oidc(t.get("oidc"), at + ".oidc") : null;
    TenantStatus st = status;
    Limits lim = limits;
    return field(at, () -> new TenantSpec(slug, name, lim, st, oidc));
  }

  /** {@code {"issuer", "audience", "jwks_url", "tenant_claim", "scopes_claim", "scope_map": {value: [scopes]}}} */
  private static OidcSettings oidc(JsonNode o, String at) {
    if (!o.isObject()) {
      throw new Invalid(at + ": must be an object");
    }
    unknown(o, OidcSettings.FIELDS, at);
    Map<String, Set<Scope>> scopeMap = new LinkedHashMap<>();
    if (o.has("scope_map") && !o.get("scope_map").isNull()) {
      JsonNode map = o.get("scope_map");
      if (!map.isObject()) {
        throw new Invalid(at + ".scope_map: must map claim values to lists of scopes");
      }
      for (var e : map.properties()) {
        String eat = at + ".scope_map." + e.getKey();
        if (!e.getValue().isArray()) {
          throw new Invalid(eat + ": must be a list of scopes");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (JsonNode n : e.getValue()) {
          scopes.add(field(eat, () -> Scope.parse(n.asText())));
        }
        scopeMap.put(e.getKey(), scopes);
      }
    }
    String issuer = optionalText(o, "issuer", at);
    String audience = optionalText(o, "audience", at);
    String jwks = optionalText(o, "jwks_url", at);
    String tenantClaim = optionalText(o, "tenant_claim", at);
    String scopesClaim = optionalText(o, "scopes_claim", at);
    String consoleClientId = optionalText(o, "console_client_id", at);
    String consoleScope = optionalText(o, "console_scope", at);
    return field(at, () -> new OidcSettings(issuer, audience, jwks, tenantClaim, scopesClaim, scopeMap, consoleClientId, consoleScope));
  }

  private static String optionalText(JsonNode t, String name, String at) {
    return t.has(name) && !t.get(name).isNull() ? text(t, name, at) : null;
  }

  private static void unknown(JsonNode node, Set<String> known, String at) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw new Invalid(at + "." + f + ": unknown field");
      }
    }
  }

  private static String text(JsonNode t, String name, String at) {
    JsonNode v = t.get(name);
    if (v == null || !v.isTextual()) {
      throw new Invalid(at + "." + name + ": must be a string");
    }
    return v.asText();
  }

  private static Long number(JsonNode l, String name, String at) {
    if (!l.has(name) || l.get(name).isNull()) {
      return null;
    }
    JsonNode v = l.get(name);
    if (!v.isIntegralNumber() || v.asLong() < 0) {
      throw new Invalid(at + "." + name + ": must be a non-negative integer");
    }
    return v.asLong();
  }

  private static <T> T field(String at, java.util.function.Supplier<T> make) {
    try {
      return make.get();
    } catch (SiloException | IllegalArgumentException e) {
      throw new Invalid(at + ": " + e.getMessage());
    }
  }
}
