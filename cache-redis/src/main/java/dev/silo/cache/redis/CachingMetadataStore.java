package dev.silo.cache.redis;

import dev.silo.core.domain.ListingFields;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.TenantId;
import dev.silo.core.spi.CredentialWatch;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.spi.ObjectRepository;
import dev.silo.core.spi.TenantTx;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link MetadataStore} that answers the object lookups and listing scans of {@link
 * #readInTenant} from a {@link SharedCache}, and passes everything else to the store it wraps.
 *
 * <p>Why it is correct across nodes:
 *
 * <ul>
 *   <li>Every cache key starts with the tenant id, so no tenant can be served another's entry.
 *   <li>Entries of a bucket are keyed by that bucket's generation, a counter in the cache; entries
 *       by object id by the tenant's generation. A transaction of {@link #inTenant} that writes
 *       object rows bumps both counters once it has returned (committed, or failed: a bump too
 *       many only costs misses), so every node's next read builds keys that have never been
 *       filled. The counter is read before the database is, so an entry is never newer than its
 *       key claims; a reader can see the old rows only between a commit and its bump.
 *   <li>Only {@link #readInTenant}, whose work does not write, reads or fills the cache, and it
 *       fills it after its transaction has ended: uncommitted rows never reach it. The reads of
 *       {@link #inTenant}, which decide writes, always go to the database.
 *   <li>Entries live {@code ttl} at most: a bump lost to a Redis outage is healed by then.
 * </ul>
 */
public final class CachingMetadataStore implements MetadataStore {
  private final MetadataStore store;
  private final SharedCache cache;
  private final Duration ttl;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  private CachingMetadataStore(MetadataStore store, SharedCache cache, Duration ttl) {
    this.store = store;
    this.cache = cache;
    this.ttl = ttl;
  }

  /** {@code store} with {@code cache} in front; {@code store} itself for {@link SharedCache#NONE}. */
  public static MetadataStore over(MetadataStore store, SharedCache cache, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("the cache TTL must be positive, not " + ttl);
    }
    return cache == SharedCache.NONE ? store : new CachingMetadataStore(store, cache, ttl);
  }

  /** Lookups answered from the cache and from the database since start. */
  public long hits() {
    return hits.get();
  }

  public long misses() {
    return misses.get();
  }

  @Override
  public <T> T readInTenant(TenantId tenant, TenantWork<T> work) {
    Map<String, byte[]> fills = new LinkedHashMap<>();
    T result = store.readInTenant(tenant, tx -> work.run(tx(tx, new Reading(tenant, tx.objects(), fills))));
    cache.put(fills, ttl);
    return result;
  }

  @Override
  public <T> T inTenant(TenantId tenant, TenantWork<T> work) {
    Set<BucketName> written = new LinkedHashSet<>();
    try {
      return store.inTenant(tenant, tx -> work.run(tx(tx, new Writing(tx.objects(), written))));
    } finally {
      if (!written.isEmpty()) {
        List<String> counters = new java.util.ArrayList<>();
        counters.add(tenantGeneration(tenant));
        written.forEach(b -> counters.add(bucketGeneration(tenant, b)));
        cache.bump(counters);
      }
    }
  }

  @Override
  public <T> T global(GlobalWork<T> work) {
    return store.global(work);
  }

  /**
   * Credential lookups are never cached in Redis: a revocation must be seen at once, and the
   * authenticator's own live credentials are forgotten by {@link #watchCredentials}'s notices.
   */
  @Override
  public <T> T readGlobal(GlobalWork<T> work) {
    return store.readGlobal(work);
  }

  @Override
  public AutoCloseable watchOutbox(Runnable listener) {
    return store.watchOutbox(listener);
  }

  @Override
  public AutoCloseable watchDeliveries(Runnable listener) {
    return store.watchDeliveries(listener);
  }

  @Override
  public AutoCloseable watchCredentials(CredentialWatch watch) {
    return store.watchCredentials(watch);
  }

  @Override
  public void check() {
    store.check();
  }

  @Override
  public void close() {
    try {
      cache.close();
    } catch (Exception e) {
      // closing the cache must not keep the database open
    }
    store.close();
  }

  // ---------------------------------------------------------------- keys

  private static String tenantGeneration(TenantId t) {
    return "silo:t:" + t.value() + ":gen";
  }

  private static String bucketGeneration(TenantId t, BucketName b) {
    return "silo:t:" + t.value() + ":b:" + b.value() + ":gen";
  }

  /**
   * The transaction with its object repository replaced. A proxy rather than a class, so that a
   * repository added to {@link TenantTx} passes through without an edit here.
   */
  private static TenantTx tx(TenantTx tx, ObjectRepository objects) {
    return (TenantTx)
        Proxy.newProxyInstance(
            TenantTx.class.getClassLoader(),
            new Class<?>[] {TenantTx.class},
            (proxy, method, args) -> {
              if (method.getName().equals("objects") && method.getParameterCount() == 0) {
                return objects;
              }
              if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                  case "equals" -> proxy == args[0];
                  case "hashCode" -> System.identityHashCode(proxy);
                  default -> "cached " + tx;
                };
              }
              try {
                return method.invoke(tx, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  // ---------------------------------------------------------------- reads

  /** Lookups of a read-only transaction: from the cache, else the database, filling afterwards. */
  private final class Reading extends Passing {
    private final TenantId tenant;
    private final Map<String, byte[]> fills;

    Reading(TenantId tenant, ObjectRepository db, Map<String, byte[]> fills) {
      super(db);
      this.tenant = tenant;
      this.fills = fills;
    }

    @Override
    public Optional<ObjectInfo> find(BucketName bucket, ObjectKey key) {
      return row(bucket, key, () -> db.find(bucket, key));
    }

    /**
     * The row from the cache when its bytes are in the blob store. An inline object's bytes are
     * only in the database: on a miss they come with the row, one read that also fills the cache;
     * on a hit the row is read there again with them, as the cached one may be older.
     */
    @Override
    public Optional<WithInline> findWithInline(BucketName bucket, ObjectKey key) {
      AtomicReference<WithInline> read = new AtomicReference<>();
      Optional<ObjectInfo> row = row(bucket, key, () -> {
        Optional<WithInline> found = db.findWithInline(bucket, key);
        found.ifPresent(read::set);
        return found.map(WithInline::row);
      });
      if (read.get() != null) {
        return Optional.of(read.get());
      }
      if (row.isPresent() && row.get().blob() != null && row.get().blob().inline()) {
        return db.findWithInline(bucket, key);
      }
      return row.map(o -> new WithInline(o, null));
    }

    /** The row at bucket and key from the cache, else from {@code load}, filling the cache. */
    private Optional<ObjectInfo> row(BucketName bucket, ObjectKey key, Supplier<Optional<ObjectInfo>> load) {
      return cached(bucketGeneration(tenant, bucket), ":b:" + bucket.value() + ":k:" + key.value(),
              () -> load.get().map(List::of).orElse(List.<ObjectInfo>of()))
          .stream().findFirst();
    }

    @Override
    public Optional<ObjectInfo> find(ObjectId id) {
      return cached(tenantGeneration(tenant), ":i:" + id.value(),
              () -> db.find(id).map(List::of).orElse(List.of()))
          .stream().findFirst();
    }

    /** Whole rows, for work that rewrites every object: not a listing's, so not cached. */
    @Override
    public List<ObjectInfo> scan(BucketName bucket, String after, boolean inclusive, int limit) {
      return db.scan(bucket, after, inclusive, limit);
    }

    @Override
    public List<ObjectInfo> page(BucketName bucket, String after, boolean inclusive, int limit, ListingFields fields) {
      return cached(bucketGeneration(tenant, bucket),
          ":b:" + bucket.value() + ":p" + fieldsMark(fields) + ":" + (inclusive ? "ge" : "gt") + ":" + limit + ":" + after,
          () -> db.page(bucket, after, inclusive, limit, fields));
    }

    /** A page of S3's fields is an entry apart from the same page in every field. */
    private static String fieldsMark(ListingFields fields) {
      return fields == ListingFields.FULL ? "" : "s";
    }

    /** As {@link #page}; the lengths keep prefix, delimiter and position apart in the entry's name. */
    @Override
    public List<Visit> walk(
        BucketName bucket, String after, boolean inclusive, String prefix, String delimiter, int limit,
        ListingFields fields) {
      return cached(bucketGeneration(tenant, bucket),
          ":b:" + bucket.value() + ":v" + fieldsMark(fields) + ":" + (inclusive ? "ge" : "gt") + ":" + limit + ":"
              + prefix.length() + ":" + delimiter.length() + ":" + prefix + delimiter + after,
          () -> db.walk(bucket, after, inclusive, prefix, delimiter, limit, fields),
          RowCodec::encodeVisits,
          RowCodec::decodeVisits);
    }

    /**
     * Reads the generation, then the entry under it; on a miss asks the database and queues the
     * answer under the generation read before it. Without a generation (a new counter, Redis
     * away) it only creates the counter and asks the database.
     */
    private List<ObjectInfo> cached(String counter, String entry, Supplier<List<ObjectInfo>> load) {
      return cached(counter, entry, load, RowCodec::encode, RowCodec::decode);
    }

    private <T> List<T> cached(
        String counter,
        String entry,
        Supplier<List<T>> load,
        Function<List<T>, byte[]> encode,
        Function<byte[], List<T>> decode) {
      byte[] generation = cache.get(List.of(counter)).get(0);
      if (generation == null) {
        cache.init(counter);
        misses.incrementAndGet();
        return load.get();
      }
      String key = "silo:t:" + tenant.value() + ":" + new String(generation, java.nio.charset.StandardCharsets.US_ASCII) + entry;
      byte[] value = cache.get(List.of(key)).get(0);
      List<T> items = value == null ? null : decode.apply(value);
      if (items != null) {
        hits.incrementAndGet();
        return items;
      }
      misses.incrementAndGet();
      items = load.get();
      fills.put(key, encode.apply(items));
      return items;
    }
  }

  // ---------------------------------------------------------------- writes

  /** Object writes of a transaction, noting every bucket they touch (before and after). */
  private static final class Writing extends Passing {
    private final Set<BucketName> written;

    Writing(ObjectRepository db, Set<BucketName> written) {
      super(db);
      this.written = written;
    }

    @Override
    public void insert(ObjectInfo object) {
      written.add(object.bucket());
      db.insert(object);
    }

    @Override
    public void update(ObjectInfo object) {
      // an update may move the row: the bucket it leaves is invalidated too
      db.find(object.id()).ifPresent(old -> written.add(old.bucket()));
      written.add(object.bucket());
      db.update(object);
    }

    @Override
    public void delete(ObjectId id) {
      db.find(id).ifPresent(old -> written.add(old.bucket()));
      db.delete(id);
    }
  }

  /** Passes every call to the database's repository. */
  private abstract static class Passing implements ObjectRepository {
    final ObjectRepository db;

    Passing(ObjectRepository db) {
      this.db = db;
    }

    @Override
    public Optional<ObjectInfo> find(BucketName bucket, ObjectKey key) {
      return db.find(bucket, key);
    }

    @Override
    public Optional<WithInline> findWithInline(BucketName bucket, ObjectKey key) {
      return db.findWithInline(bucket, key);
    }

    @Override
    public Optional<ObjectInfo> find(ObjectId id) {
      return db.find(id);
    }

    @Override
    public void insert(ObjectInfo object) {
      db.insert(object);
    }

    @Override
    public void update(ObjectInfo object) {
      db.update(object);
    }

    @Override
    public void delete(ObjectId id) {
      db.delete(id);
    }

    @Override
    public List<ObjectInfo> scan(BucketName bucket, String after, boolean inclusive, int limit) {
      return db.scan(bucket, after, inclusive, limit);
    }

    @Override
    public List<ObjectInfo> page(BucketName bucket, String after, boolean inclusive, int limit, ListingFields fields) {
      return db.page(bucket, after, inclusive, limit, fields);
    }

    @Override
    public List<Visit> walk(
        BucketName bucket, String after, boolean inclusive, String prefix, String delimiter, int limit,
        ListingFields fields) {
      return db.walk(bucket, after, inclusive, prefix, delimiter, limit, fields);
    }

    @Override
    public long count(BucketName bucket) {
      return db.count(bucket);
    }

    @Override
    public Stretch expiring(BucketName bucket, dev.silo.core.domain.LifecycleRule rule, String after, java.time.Instant before,
        int walk, int limit) {
      return db.expiring(bucket, rule, after, before, walk, limit);
    }

    @Override
    public List<ObjectInfo> anyInBucket(BucketName bucket, int limit) {
      return db.anyInBucket(bucket, limit);
    }
  }
}
