package dev.silo.testkit.memory;

import dev.silo.core.spi.CredentialWatch;
import dev.silo.core.spi.MetadataStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link MetadataStore} in memory. Each unit of work holds the store's one lock and works on a
 * copy of the tables, which replaces them only if the work returns: work that throws leaves
 * nothing, and writers are serialised, so a quota read and raised in one unit of work is exact.
 */
public final class MemoryMetadataStore implements MetadataStore {
  private final ReentrantLock lock = new ReentrantLock();
  private Tables committed = new Tables();
  private volatile boolean closed;
  private final List<CredentialWatch> watches = new CopyOnWriteArrayList<>();

  /** Only this process writes the tables, so a watch hears every change. */
  @Override
  public AutoCloseable watchCredentials(CredentialWatch watch) {
    watches.add(watch);
    watch.hearing(true);
    return () -> {
      watches.remove(watch);
      watch.hearing(false);
    };
  }

  @Override
  public <T> T inTenant(dev.silo.core.domain.TenantId tenant, TenantWork<T> work) {
    return transaction(tables -> work.run(new MemoryTenantTx(tenant.value(), tables)));
  }

  @Override
  public <T> T global(GlobalWork<T> work) {
    return transaction(tables -> work.run(new MemoryGlobalTx(tables)));
  }

  private <T> T transaction(java.util.function.Function<Tables, T> work) {
    check();
    if (lock.isHeldByCurrentThread()) {
      // the inner commit would be overwritten by the outer one: refuse rather than lose writes
      throw new IllegalStateException("a transaction of the memory store cannot open another one");
    }
    lock.lock();
    try {
      Tables working = committed.copy();
      T result = work.apply(working);
      committed = working;
      if (working.credentialsChanged) {
        watches.forEach(CredentialWatch::changed); // before the caller learns it committed
      }
      return result;
    } finally {
      lock.unlock();
    }
  }

  /** The committed tables, for this package's tests to look at rows no repository lists. */
  Tables snapshot() {
    lock.lock();
    try {
      return committed;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void check() {
    if (closed) {
      throw new IllegalStateException("the metadata store is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
