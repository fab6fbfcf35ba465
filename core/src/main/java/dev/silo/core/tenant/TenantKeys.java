package dev.silo.core.tenant;

import dev.silo.core.domain.TenantId;
import java.io.IOException;

/**
 * Tenants' data keys as the tenant service drives them (the encrypting blob store's key ring in the
 * server): a rotation adds a version that new writes use; a deleted tenant's keys are dropped from
 * memory once its rows (the wrapped keys among them) are gone.
 */
public interface TenantKeys {
  TenantKeys NONE =
      new TenantKeys() {
        @Override
        public int rotate(TenantId tenant) {
          throw new IllegalStateException("no key ring");
        }

        @Override
        public void forget(TenantId tenant) {}
      };

  /** Adds a new version of the tenant's data key; returns it. */
  int rotate(TenantId tenant) throws IOException;

  /** Drops what is held in memory of the tenant's keys. */
  void forget(TenantId tenant);
}
