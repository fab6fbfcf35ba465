package dev.silo.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.domain.Limits;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.TenantStatus;
import dev.silo.core.domain.Usage;
import dev.silo.core.spi.GlobalTx;
import dev.silo.core.spi.TenantTx;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What only the memory store must say about itself, beyond the contract. */
class MemoryMetadataStoreTest {
  private final MemoryMetadataStore store = new MemoryMetadataStore();
  private final TenantId tenant = new TenantId("t0000000000000000001");

  @Test
  void aTransactionOpenedInsideAnotherIsRefusedAndTheOuterOneRollsBack() {
    Instant t0 = Instant.parse("2026-12-02T12:00:00Z");
    store.global((GlobalTx tx) -> {
      tx.tenants().insert(new Tenant(tenant, new TenantSlug("acme"), "Acme", TenantStatus.ACTIVE, Limits.DEFAULT, t0, t0));
      return null;
    });

    assertThatThrownBy(() -> store.inTenant(tenant, (TenantTx outer) -> {
      outer.tenant().addUsage(5, 1);
      return store.inTenant(tenant, (TenantTx inner) -> {
        inner.tenant().addUsage(7, 1);
        return null;
      });
    })).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot open another");

    assertThat(store.inTenant(tenant, (TenantTx tx) -> tx.tenant().usage())).isEqualTo(Usage.ZERO);
  }

  @Test
  void aClosedStoreRefusesWork() {
    store.close();
    assertThatThrownBy(store::check).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.global((GlobalTx tx) -> tx.tenants().list())).isInstanceOf(IllegalStateException.class);
  }
}
