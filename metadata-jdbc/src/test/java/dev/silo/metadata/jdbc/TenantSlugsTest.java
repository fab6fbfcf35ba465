package dev.silo.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.domain.Limits;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.TenantStatus;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.spi.GlobalTx;
import dev.silo.core.spi.TenantTx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tenant's slug names its default bucket; once read, the store names it without the row. */
class TenantSlugsTest {
  @TempDir Path dir;

  @Test
  void aSlugOnceReadIsAnsweredWithoutReadingTheTenantRowAgain() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("silo.db");
    TenantId id = new TenantId("tslugs0000000000001");
    try (JdbcMetadataStore store = JdbcMetadataStore.open(url)) {
      Instant t0 = Instant.parse("2026-12-04T00:00:00Z");
      store.global((GlobalTx tx) -> {
        tx.tenants().insert(new Tenant(id, new TenantSlug("acme"), "Acme", TenantStatus.ACTIVE, Limits.DEFAULT, t0, t0));
        return null;
      });
      TenantId unread = new TenantId("tslugs0000000000002");
      store.global((GlobalTx tx) -> {
        tx.tenants().insert(new Tenant(unread, new TenantSlug("other"), "Other", TenantStatus.ACTIVE, Limits.DEFAULT, t0, t0));
        return null;
      });
      assertThat(store.readInTenant(id, (TenantTx tx) -> tx.tenant().slug())).isEqualTo(new TenantSlug("acme"));

      // the rows go behind the store's back: only a read of a row could tell
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        s.execute("DELETE FROM tenants");
      }
      assertThat(store.readInTenant(id, (TenantTx tx) -> tx.tenant().slug())).isEqualTo(new TenantSlug("acme"));
      assertThatThrownBy(() -> store.readInTenant(id, (TenantTx tx) -> tx.tenant().get()))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> store.readInTenant(unread, (TenantTx tx) -> tx.tenant().slug()))
          .as("a tenant whose row was never read is read")
          .isInstanceOf(NotFoundException.class);
    }
  }
}
