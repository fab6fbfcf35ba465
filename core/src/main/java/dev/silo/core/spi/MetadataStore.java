package dev.silo.core.spi;

import dev.silo.core.domain.TenantId;

/**
 * Where metadata lives. Every unit of work is one transaction. Tenant data is reachable only
 * through {@link #inTenant}, whose repositories are bound to that tenant: a repository method
 * cannot be called without one, and every statement behind it filters on it.
 *
 * <p>Contract (proven by {@code MetadataStoreContract} in the testkit): work that throws is
 * rolled back entirely; concurrent writers are serialized or retried by the store, never lost;
 * object keys sort by their UTF-8 bytes.
 */
public interface MetadataStore extends AutoCloseable {

  /** Runs {@code work} in one transaction on the tenant's data. */
  <T> T inTenant(TenantId tenant, TenantWork<T> work);

  /**
   * Runs {@code work}, which must not write, on the tenant's data: every lookup sees committed
   * rows, but two lookups of one read may see different commits (PostgreSQL runs each as a
   * transaction of its own, as READ COMMITTED would give each its own snapshot anyway). A store
   * may answer its object lookups and listings from a cache of committed rows shared by every
   * node (see {@code cache-redis}), which a write anywhere invalidates once it has committed.
   * Reads that decide a write belong in {@link #inTenant}, which always sees the database.
   */
  default <T> T readInTenant(TenantId tenant, TenantWork<T> work) {
    return inTenant(tenant, work);
  }

  /** Runs {@code work} in one transaction on data that is not one tenant's. */
  <T> T global(GlobalWork<T> work);

  /**
   * Runs {@code work}, which must not write, on data that is not one tenant's (credential
   * lookups), as {@link #readInTenant} reads. It sees every committed write, so a revocation is
   * seen at once; a store may run it beside the writers (SQLite: on a reader connection of its
   * own, not in the writers' queue).
   */
  default <T> T readGlobal(GlobalWork<T> work) {
    return global(work);
  }

  /**
   * Calls {@code listener} after each commit of this process that wrote events to the outbox and,
   * where the store can tell (PostgreSQL: LISTEN/NOTIFY), after those of other nodes; a hint only,
   * since polling the outbox finds every event anyway. Closing the result stops the calls.
   */
  default AutoCloseable watchOutbox(Runnable listener) {
    return () -> {};
  }

  /**
   * Calls {@code listener} after each commit that made a webhook delivery due (queued for an
   * event, or re-driven; on PostgreSQL, every node's), a hint like {@link #watchOutbox}; a store
   * that cannot tell those commits apart calls it after every commit with events.
   */
  default AutoCloseable watchDeliveries(Runnable listener) {
    return watchOutbox(listener);
  }

  /**
   * Tells {@code watch} of every commit of this process that revokes a credential or changes or
   * deletes a tenant, after it commits and before it returns to its caller, and ({@link
   * CredentialWatch#hearing}) whether that is every such commit there is: only where no other
   * process writes the store. A store that other nodes write too never says it hears, so nothing
   * read of a credential is kept. Closing the result stops the calls.
   */
  default AutoCloseable watchCredentials(CredentialWatch watch) {
    return () -> {};
  }

  /** Throws if the store cannot be used right now. */
  void check();

  @Override
  void close();

  @FunctionalInterface
  interface TenantWork<T> {
    T run(TenantTx tx);
  }

  @FunctionalInterface
  interface GlobalWork<T> {
    T run(GlobalTx tx);
  }
}
