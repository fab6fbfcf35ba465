package dev.silo.server;

import dev.silo.core.auth.Authenticator;
import java.time.Duration;
import java.util.Map;

/**
 * Audit retention and optional metrics.
 *
 * @param auditRetention {@code SILO_AUDIT_RETENTION}: audit records older than this are removed by
 *     the sweeper in bounded batches ({@code 90d}, {@code 24h}…); null (unset, or {@code forever}):
 *     kept forever
 * @param tenantUsage {@code SILO_METRICS_TENANT_USAGE}: per-tenant usage gauges on {@code /metrics}
 *     (off by default; never more than {@link #MAX_USAGE_TENANTS} tenants)
 * @param failedAuthAudited {@code SILO_AUDIT_FAILED_AUTH_PER_MINUTE}: failed authentications audited
 *     one by one per source address and minute (ten times as many in all); the rest as a count
 */
public record ObservabilitySettings(Duration auditRetention, boolean tenantUsage, int failedAuthAudited) {
  /** Above this many tenants the per-tenant usage series are left out, to bound label cardinality. */
  public static final int MAX_USAGE_TENANTS = 1_000;

  static ObservabilitySettings from(Map<String, String> s) {
    String retention = s.getOrDefault("SILO_AUDIT_RETENTION", "").trim();
    Duration d = null;
    if (!retention.isEmpty() && !retention.equalsIgnoreCase("forever")) {
      d = Durations.parse("SILO_AUDIT_RETENTION", retention);
      if (d.isZero()) {
        throw new IllegalArgumentException("SILO_AUDIT_RETENTION must be more than zero (unset keeps records forever)");
      }
    }
    String failed = s.getOrDefault("SILO_AUDIT_FAILED_AUTH_PER_MINUTE", "").trim();
    int perSource = Authenticator.DEFAULT_FAILURES_AUDITED_PER_SOURCE;
    if (!failed.isEmpty()) {
      try {
        perSource = Integer.parseInt(failed);
      } catch (NumberFormatException e) {
        perSource = 0;
      }
      if (perSource < 1 || perSource > 100_000) {
        throw new IllegalArgumentException("SILO_AUDIT_FAILED_AUTH_PER_MINUTE must be a whole number from 1 to 100000, not " + failed);
      }
    }
    return new ObservabilitySettings(
        d, Boolean.parseBoolean(s.getOrDefault("SILO_METRICS_TENANT_USAGE", "false").trim()), perSource);
  }
}
