package dev.silo.server;

import dev.silo.core.lifecycle.LifecycleSweeper;
import java.time.Duration;
import java.util.Map;

/**
 * The lifecycle sweeps (run by the sweeper every {@code SILO_SWEEP_INTERVAL}).
 *
 * @param tmpTtl {@code SILO_TMP_TTL}: how long objects of the {@code tmp} category live (24h)
 * @param multipartTtl {@code SILO_MULTIPART_TTL}: when an unfinished S3 multipart upload is aborted (7d)
 * @param credentialMaxIdle {@code SILO_S3_CREDENTIAL_MAX_IDLE}: S3 credentials unused this long are
 *     revoked; unset (the default) or {@code off}: never
 * @param reconcileEvery {@code SILO_USAGE_RECONCILE_INTERVAL}: how often usage counters are checked
 *     against the objects (1h)
 * @param limit {@code SILO_SWEEP_LIMIT}: rows one sweep of each kind handles at most per pass (1000)
 */
public record LifecycleSettings(
    Duration tmpTtl, Duration multipartTtl, Duration credentialMaxIdle, Duration reconcileEvery, int limit) {

  static LifecycleSettings from(Map<String, String> s) {
    String idle = s.get("SILO_S3_CREDENTIAL_MAX_IDLE");
    int limit;
    try {
      limit = Integer.parseInt(s.getOrDefault("SILO_SWEEP_LIMIT", "1000").trim());
    } catch (NumberFormatException e) {
      limit = 0;
    }
    if (limit < 1 || limit > 100_000) {
      throw new IllegalArgumentException("SILO_SWEEP_LIMIT must be between 1 and 100000");
    }
    return new LifecycleSettings(
        positive("SILO_TMP_TTL", s.getOrDefault("SILO_TMP_TTL", "24h")),
        positive("SILO_MULTIPART_TTL", s.getOrDefault("SILO_MULTIPART_TTL", "7d")),
        idle == null || idle.isBlank() || idle.trim().equals("off") ? null : positive("SILO_S3_CREDENTIAL_MAX_IDLE", idle),
        positive("SILO_USAGE_RECONCILE_INTERVAL", s.getOrDefault("SILO_USAGE_RECONCILE_INTERVAL", "1h")),
        limit);
  }

  private static Duration positive(String setting, String value) {
    Duration d = Durations.parse(setting, value);
    if (d.isZero()) {
      throw new IllegalArgumentException(setting + " must be more than zero");
    }
    return d;
  }

  LifecycleSweeper.Settings sweeper() {
    return new LifecycleSweeper.Settings(
        tmpTtl, LifecycleSweeper.Settings.PENDING_TTL, multipartTtl, credentialMaxIdle, reconcileEvery);
  }
}
