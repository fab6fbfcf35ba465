package dev.silo.server.encryption;

import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.TenantKey;
import dev.silo.core.spi.DuplicateException;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.tenant.TenancyLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenants' data keys: created at a tenant's first encrypted write, unwrapped with the master key
 * and kept in memory for a few seconds (so a rotation or a deletion on another node is seen within
 * {@link #TTL}); also which tenant a storage space belongs to, since the blob store speaks spaces.
 */
public final class KeyRing implements dev.silo.core.tenant.TenantKeys {
  static final Duration TTL = Duration.ofSeconds(5);

  private final MetadataStore metadata;
  private final TenancyLayout layout;
  private final MasterKeys masters;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<TenantId, Loaded> keys = new ConcurrentHashMap<>();
  private volatile Map<StorageSpace, TenantId> spaces = Map.of();

  private record Loaded(TreeMap<Integer, TenantCipher> versions, Instant at) {}

  public KeyRing(MetadataStore metadata, TenancyLayout layout, MasterKeys masters, Clock clock) {
    this.metadata = metadata;
    this.layout = layout;
    this.masters = masters;
    this.clock = clock;
  }

  /** The tenant whose blobs live in {@code space}. */
  TenantId tenantOf(StorageSpace space) throws IOException {
    TenantId id = spaces.get(space);
    if (id == null) {
      Map<StorageSpace, TenantId> fresh = new ConcurrentHashMap<>();
      for (Tenant t : metadata.global(tx -> tx.tenants().list())) {
        fresh.put(layout.spaceOf(t), t.id());
      }
      spaces = fresh;
      id = fresh.get(space);
    }
    if (id == null) {
      throw new IOException("no tenant stores its blobs in this storage space");
    }
    return id;
  }

  /** The version new blobs of the tenant are encrypted with; made at the tenant's first write. */
  TenantCipher current(TenantId tenant) throws IOException {
    TreeMap<Integer, TenantCipher> versions = load(tenant, false);
    if (versions.isEmpty()) {
      create(tenant, 1);
      versions = load(tenant, true);
    }
    return versions.lastEntry().getValue();
  }

  /** A version of the tenant's key, or empty when it does not exist (never made, or destroyed). */
  Optional<TenantCipher> version(TenantId tenant, int version) throws IOException {
    TenantCipher cipher = load(tenant, false).get(version);
    if (cipher == null) {
      cipher = load(tenant, true).get(version);
    }
    return Optional.ofNullable(cipher);
  }

  /** Adds a new version of the tenant's key, which encrypts its new writes from now on; returns it. */
  @Override
  public int rotate(TenantId tenant) throws IOException {
    TreeMap<Integer, TenantCipher> versions = load(tenant, true);
    int next = versions.isEmpty() ? 1 : versions.lastKey() + 1;
    create(tenant, next);
    load(tenant, true);
    return next;
  }

  /** The newest version of the tenant's key, 0 when it has none yet. */
  public int currentVersion(TenantId tenant) throws IOException {
    TreeMap<Integer, TenantCipher> versions = load(tenant, true);
    return versions.isEmpty() ? 0 : versions.lastKey();
  }

  /**
   * Wraps every tenant's keys under the current master key (after a master-key rotation); blobs are
   * untouched. Returns how many keys were rewrapped.
   */
  public int rewrapAll() throws IOException {
    int count = 0;
    for (Tenant t : metadata.global(tx -> tx.tenants().list())) {
      List<TenantKey> rows = metadata.inTenant(t.id(), tx -> tx.dataKeys().list());
      for (TenantKey row : rows) {
        if (row.masterVersion() == masters.current()) {
          continue;
        }
        byte[] plain = unwrap(t.id(), row);
        try {
          byte[] wrapped = masters.wrap(plain, associated(t.id(), row.version()));
          metadata.inTenant(t.id(), tx -> {
            tx.dataKeys().rewrap(row.version(), wrapped, masters.current());
            return null;
          });
          count++;
        } catch (GeneralSecurityException e) {
          throw new IOException("a tenant key could not be wrapped", e);
        } finally {
          Arrays.fill(plain, (byte) 0);
        }
      }
    }
    return count;
  }

  /**
   * Unwraps one data key of every tenant that has any, so that a wrong or missing master key stops
   * the start with one line instead of failing on the first read. Throws IllegalStateException.
   */
  public void verify() {
    for (Tenant t : metadata.global(tx -> tx.tenants().list())) {
      List<TenantKey> rows = metadata.inTenant(t.id(), tx -> tx.dataKeys().list());
      for (TenantKey row : rows) {
        try {
          Arrays.fill(unwrap(t.id(), row), (byte) 0);
        } catch (IOException e) {
          throw new IllegalStateException("SILO_MASTER_KEY: the data keys of tenant " + t.slug()
              + " were wrapped by master key version " + row.masterVersion() + ", which is not the key at hand:"
              + " set SILO_MASTER_KEY (and SILO_PREVIOUS_MASTER_KEYS) to the keys this data was written with");
        }
        return;
      }
    }
  }

  /** Drops what is held in memory of a tenant's keys (it was deleted, or its key rotated elsewhere). */
  @Override
  public void forget(TenantId tenant) {
    keys.remove(tenant);
  }

  private void create(TenantId tenant, int version) throws IOException {
    byte[] key = new byte[32];
    random.nextBytes(key);
    try {
      byte[] wrapped = masters.wrap(key, associated(tenant, version));
      TenantKey row = new TenantKey(version, wrapped, masters.current(), clock.instant());
      metadata.inTenant(tenant, tx -> {
        tx.dataKeys().insert(row);
        return null;
      });
    } catch (DuplicateException e) {
      // another writer or node made this version first: use theirs
    } catch (GeneralSecurityException e) {
      throw new IOException("a tenant key could not be wrapped", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private TreeMap<Integer, TenantCipher> load(TenantId tenant, boolean fresh) throws IOException {
    Loaded held = keys.get(tenant);
    Instant now = clock.instant();
    if (!fresh && held != null && held.at().plus(TTL).isAfter(now)) {
      return held.versions();
    }
    TreeMap<Integer, TenantCipher> versions = new TreeMap<>();
    for (TenantKey row : metadata.inTenant(tenant, tx -> tx.dataKeys().list())) {
      TenantCipher known = held == null ? null : held.versions().get(row.version());
      if (known != null) {
        versions.put(row.version(), known);
        continue;
      }
      byte[] plain = unwrap(tenant, row);
      try {
        versions.put(row.version(), TenantCipher.of(row.version(), plain));
      } catch (GeneralSecurityException e) {
        throw new IOException("a tenant key is not usable", e);
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
    }
    keys.put(tenant, new Loaded(versions, now));
    return versions;
  }

  private byte[] unwrap(TenantId tenant, TenantKey row) throws IOException {
    try {
      return masters.unwrap(row.masterVersion(), row.wrapped(), associated(tenant, row.version()));
    } catch (GeneralSecurityException e) {
      throw new IOException("a tenant key cannot be unwrapped with the master keys at hand", e);
    }
  }

  private static byte[] associated(TenantId tenant, int version) {
    return ("silo-tenant-key:" + tenant.value() + ":" + version).getBytes(StandardCharsets.UTF_8);
  }
}
