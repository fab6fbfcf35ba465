package dev.silo.testkit.memory;

import dev.silo.core.domain.TenantKey;
import dev.silo.core.spi.DuplicateException;
import dev.silo.core.spi.TenantKeyRepository;
import java.util.Comparator;
import java.util.List;

/** The bound tenant's wrapped data keys. */
record MemoryDataKeys(String tenant, Tables tables) implements TenantKeyRepository {
  @Override
  public List<TenantKey> list() {
    return tables.dataKeys.entrySet().stream()
        .filter(e -> e.getKey().tenant().equals(tenant))
        .map(java.util.Map.Entry::getValue)
        .sorted(Comparator.comparingInt(TenantKey::version))
        .toList();
  }

  @Override
  public void insert(TenantKey key) {
    if (tables.dataKeys.putIfAbsent(new Tables.ChildKey(tenant, "", key.version()), key) != null) {
      throw new DuplicateException("this key version already exists");
    }
  }

  @Override
  public void rewrap(int version, byte[] wrapped, int masterVersion) {
    tables.dataKeys.computeIfPresent(
        new Tables.ChildKey(tenant, "", version), (k, old) -> new TenantKey(version, wrapped, masterVersion, old.createdAt()));
  }
}
