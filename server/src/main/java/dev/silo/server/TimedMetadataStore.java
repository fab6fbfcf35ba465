package dev.silo.server;

import dev.silo.core.domain.TenantId;
import dev.silo.core.spi.CredentialWatch;
import dev.silo.core.spi.MetadataStore;

/** A metadata store whose units of work are timed ({@link StoreTimers}) by kind, never by tenant. */
final class TimedMetadataStore implements MetadataStore {
  private final MetadataStore delegate;
  private final StoreTimers timers;

  TimedMetadataStore(MetadataStore delegate, StoreTimers timers) {
    this.delegate = delegate;
    this.timers = timers;
  }

  @Override
  public <T> T inTenant(TenantId tenant, TenantWork<T> work) {
    return timed("tenant", () -> delegate.inTenant(tenant, work));
  }

  @Override
  public <T> T readInTenant(TenantId tenant, TenantWork<T> work) {
    return timed("tenant_read", () -> delegate.readInTenant(tenant, work));
  }

  @Override
  public <T> T global(GlobalWork<T> work) {
    return timed("global", () -> delegate.global(work));
  }

  @Override
  public <T> T readGlobal(GlobalWork<T> work) {
    return timed("global_read", () -> delegate.readGlobal(work));
  }

  @Override
  public AutoCloseable watchOutbox(Runnable listener) {
    return delegate.watchOutbox(listener);
  }

  @Override
  public AutoCloseable watchDeliveries(Runnable listener) {
    return delegate.watchDeliveries(listener);
  }

  @Override
  public AutoCloseable watchCredentials(CredentialWatch watch) {
    return delegate.watchCredentials(watch);
  }

  @Override
  public void check() {
    timed("check", () -> {
      delegate.check();
      return null;
    });
  }

  private <T> T timed(String operation, java.util.function.Supplier<T> call) {
    long t = System.nanoTime();
    try {
      return call.get();
    } finally {
      timers.db(operation, t);
    }
  }

  @Override
  public void close() {
    delegate.close();
  }
}
