package dev.silo.server;

import dev.silo.core.domain.TenantId;
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
    long t = System.nanoTime();
    try {
      return delegate.inTenant(tenant, work);
    } finally {
      timers.db("tenant", t);
    }
  }

  @Override
  public <T> T readInTenant(TenantId tenant, TenantWork<T> work) {
    long t = System.nanoTime();
    try {
      return delegate.readInTenant(tenant, work);
    } finally {
      timers.db("tenant_read", t);
    }
  }

  @Override
  public <T> T global(GlobalWork<T> work) {
    long t = System.nanoTime();
    try {
      return delegate.global(work);
    } finally {
      timers.db("global", t);
    }
  }

  @Override
  public AutoCloseable watchOutbox(Runnable listener) {
    return delegate.watchOutbox(listener);
  }

  @Override
  public void check() {
    long t = System.nanoTime();
    try {
      delegate.check();
    } finally {
      timers.db("check", t);
    }
  }

  @Override
  public void close() {
    delegate.close();
  }
}
