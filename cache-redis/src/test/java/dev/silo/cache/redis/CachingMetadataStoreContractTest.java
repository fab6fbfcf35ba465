package dev.silo.cache.redis;

import dev.silo.core.spi.ObjectRepository;
import dev.silo.core.domain.ListingFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.silo.core.domain.Acl;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.TenantId;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.spi.TenantTx;
import dev.silo.metadata.jdbc.JdbcMetadataStore;
import dev.silo.testkit.MetadataStoreContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata contract on {@link CachingMetadataStore} over SQLite and a real Redis, plus what
 * the contract cannot see (it reads through {@code inTenant}, which never uses the cache): reads of
 * {@code readInTenant} answered from Redis see every committed write, no rolled-back one, and only
 * their own tenant's rows.
 */
@ExtendWith(OnRedis.class)
class CachingMetadataStoreContractTest extends MetadataStoreContract {
  @TempDir Path dir;

  private CachingMetadataStore caching;

  @Override
  protected MetadataStore newStore() {
    RedisSharedCache cache = OnRedis.connectedCache();
    caching = (CachingMetadataStore) CachingMetadataStore.over(
        JdbcMetadataStore.open("jdbc:sqlite:" + dir.resolve("silo.db")), cache, Duration.ofMinutes(5));
    return caching;
  }

  @Test
  void cachedReadsSeeEveryCommittedWriteAndNothingElse() {
    TenantId t = createTenant();
    TenantId other = createTenant();
    BucketName bucket = createBucket(t, "cached");
    createBucket(other, "cached");
    ObjectInfo object = readyObject(bucket, "a.txt", 5);
    store.inTenant(t, (TenantTx tx) -> {
      tx.objects().insert(object);
      return null;
    });

    assertThat(read(t, bucket, object)).contains(object);
    assertThat(read(t, bucket, object)).contains(object);
    assertThat(caching.hits()).as("the second lookup is answered by Redis").isPositive();
    assertThat(read(other, bucket, object)).isEmpty();

    ObjectInfo changed = object.withAttributes(Acl.PUBLIC, null, Map.of("k", "v"), T0.plusSeconds(1));
    store.inTenant(t, (TenantTx tx) -> {
      tx.objects().update(changed);
      return null;
    });
    assertThat(read(t, bucket, object)).contains(changed);

    RuntimeException boom = new IllegalStateException("rolled back");
    assertThat(catchThrowable(() -> store.inTenant(t, (TenantTx tx) -> {
      tx.objects().delete(object.id());
      throw boom;
    }))).isSameAs(boom);
    assertThat(read(t, bucket, object)).contains(changed);
    assertThat(store.readInTenant(t, (TenantTx tx) -> tx.objects().page(bucket, "", false, 10, ListingFields.FULL))).containsExactly(changed.listed());
    // the same page in S3's fields is an entry of its own, not the one just cached
    assertThat(store.readInTenant(t, (TenantTx tx) -> tx.objects().page(bucket, "", false, 10, ListingFields.SUMMARY))).containsExactly(changed.summary());
    assertThat(store.readInTenant(t, (TenantTx tx) -> tx.objects().walk(bucket, "", false, "", "/", 10, ListingFields.FULL)))
        .extracting(ObjectRepository.Visit::row).containsExactly(changed.listed());
    assertThat(store.readInTenant(t, (TenantTx tx) -> tx.objects().walk(bucket, "", false, "", "/", 10, ListingFields.SUMMARY)))
        .extracting(ObjectRepository.Visit::row).containsExactly(changed.summary());

    store.inTenant(t, (TenantTx tx) -> {
      tx.objects().delete(object.id());
      return null;
    });
    assertThat(read(t, bucket, object)).isEmpty();
    assertThat(store.readInTenant(t, (TenantTx tx) -> tx.objects().page(bucket, "", false, 10, ListingFields.FULL))).isEmpty();
    assertThat(store.readInTenant(t, (TenantTx tx) -> tx.objects().page(bucket, "", false, 10, ListingFields.SUMMARY))).isEmpty();
  }

  private java.util.Optional<ObjectInfo> read(TenantId tenant, BucketName bucket, ObjectInfo object) {
    return store.readInTenant(tenant, (TenantTx tx) -> tx.objects().find(bucket, object.key()));
  }
}
