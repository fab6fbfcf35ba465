package dev.silo.server;

import dev.silo.core.spi.MetadataStore;
import dev.silo.core.spi.TenantRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-tenant usage ({@code silo_tenant_usage_bytes}, {@code silo_tenant_usage_objects}, labelled
 * by tenant slug), only when the operator enables it ({@code SILO_METRICS_TENANT_USAGE=true}).
 * Refreshed at a scrape at most every {@link #REFRESH}; with more than {@link
 * ObservabilitySettings#MAX_USAGE_TENANTS} tenants the series are left out, so label cardinality
 * stays bounded.
 */
final class TenantUsageGauges implements MeterBinder {
  private static final Duration REFRESH = Duration.ofSeconds(15);

  private final MetadataStore metadata;
  private MultiGauge bytes;
  private MultiGauge objects;
  private long refreshedAt = Long.MIN_VALUE;

  TenantUsageGauges(MetadataStore metadata) {
    this.metadata = metadata;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    bytes = MultiGauge.builder("silo.tenant.usage.bytes").description("bytes stored by a tenant (ready objects)").register(registry);
    objects = MultiGauge.builder("silo.tenant.usage.objects").description("objects stored by a tenant (ready objects)").register(registry);
  }

  /** Called before a scrape. A failure (database down) keeps the last values. */
  synchronized void refresh() {
    long now = System.nanoTime();
    if (bytes == null || (refreshedAt != Long.MIN_VALUE && now - refreshedAt < REFRESH.toNanos())) {
      return;
    }
    try {
      // one statement, and no more tenants than the series may name: one past the bound says "too many"
      int bound = ObservabilitySettings.MAX_USAGE_TENANTS;
      List<TenantRepository.Listed> tenants = metadata.global(tx -> tx.tenants().listWithUsage(null, null, bound + 1));
      List<MultiGauge.Row<?>> b = new ArrayList<>();
      List<MultiGauge.Row<?>> o = new ArrayList<>();
      if (tenants.size() <= bound) {
        for (TenantRepository.Listed t : tenants) {
          Tags tags = Tags.of("tenant", t.tenant().slug().value());
          b.add(MultiGauge.Row.of(tags, t.usage().bytes()));
          o.add(MultiGauge.Row.of(tags, t.usage().objects()));
        }
      }
      bytes.register(b, true);
      objects.register(o, true);
      refreshedAt = now;
    } catch (RuntimeException e) {
      // the database is down: /readyz says so; a scrape must still answer
    }
  }
}
