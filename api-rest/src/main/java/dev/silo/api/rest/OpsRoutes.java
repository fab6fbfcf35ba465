package dev.silo.api.rest;

import dev.silo.core.audit.AuditRecord;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.audit.AuditService;
import dev.silo.http.Exchange;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Health, readiness, the audit log and the OpenAPI document. */
public final class OpsRoutes {
  /** A check of one dependency; throws when it is not usable. */
  @FunctionalInterface
  public interface Check {
    void run() throws Exception;
  }

  private final Map<String, Check> readiness;
  private final AuditService audit;

  OpsRoutes(Map<String, Check> readiness, AuditService audit) {
    this.readiness = readiness;
    this.audit = audit;
  }

  void health(Exchange ex) throws IOException {
    ex.json(200, Map.of("status", "ok"));
  }

  void ready(Exchange ex) throws IOException {
    Map<String, Object> checks = new LinkedHashMap<>();
    boolean ok = true;
    for (var e : readiness.entrySet()) {
      try {
        e.getValue().run();
        checks.put(e.getKey(), "ok");
      } catch (Exception failure) {
        checks.put(e.getKey(), "unavailable");
        ok = false;
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ok ? "ok" : "unavailable");
    body.put("checks", checks);
    ex.json(ok ? 200 : 503, body);
  }

  /** {@code /metrics}: the Prometheus text exposition of {@code scrape}. */
  static void metrics(Exchange ex, java.util.function.Supplier<String> scrape) throws IOException {
    byte[] body = scrape.get().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ex.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    ex.header("Cache-Control", "no-store");
    ex.stream(200, body.length, new java.io.ByteArrayInputStream(body), !ex.method().equals("HEAD"));
  }

  void openapi(Exchange ex) throws IOException {
    try (InputStream in = OpsRoutes.class.getResourceAsStream("openapi.json")) {
      byte[] doc = in.readAllBytes();
      ex.header("Content-Type", "application/json");
      ex.stream(200, doc.length, new java.io.ByteArrayInputStream(doc), true);
    }
  }

  void auditLog(Exchange ex) throws IOException {
    var ctx = ex.context();
    String after = ex.query("cursor").orElse(null);
    Instant since = ex.query("since").map(OpsRoutes::instant).orElse(null);
    int limit = ex.pageLimit().orElse(100);
    String action = ex.query("action").orElse(null);
    boolean everyTenant = ctx.isOperator() && !ctx.hasTenant();
    List<AuditRecord> page =
        everyTenant
            ? audit.pageAll(ctx, ex.query("tenant").map(dev.silo.core.domain.TenantSlug::new).orElse(null), after, since, action, limit + 1)
            : audit.page(ctx, after, since, action, limit + 1);
    boolean more = page.size() > limit;
    List<AuditRecord> items = more ? page.subList(0, limit) : page;
    Map<String, String> slugs = everyTenant ? audit.tenantSlugs(ctx, items) : null;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "items",
        items.stream()
            .map(
                r -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("id", audit.idOf(ctx, r));
                  m.put("tenant", r.tenant());
                  if (slugs != null) {
                    m.put("tenant_slug", r.tenant() == null ? null : slugs.get(r.tenant()));
                  }
                  m.put("time", r.time());
                  m.put("actor", r.actor());
                  m.put("action", r.action());
                  m.put("target", r.target());
                  m.put("outcome", r.outcome());
                  m.put("request_id", r.requestId());
                  m.put("source", r.source());
                  return m;
                })
            .toList());
    body.put("next_cursor", more ? audit.idOf(ctx, items.get(items.size() - 1)) : null);
    ex.json(200, body);
  }

  private static Instant instant(String v) {
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException("invalid_parameter", "since must be an RFC 3339 timestamp");
    }
  }
}
