package dev.silo.testkit.memory;

import dev.silo.core.domain.Bucket;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.Lifecycle;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectStatus;
import dev.silo.core.domain.Usage;
import dev.silo.core.domain.Versioning;
import dev.silo.core.spi.BucketRepository;
import dev.silo.core.spi.DuplicateException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The bound tenant's buckets, with usage summed from its ready objects. */
record MemoryBuckets(String tenant, Tables tables) implements BucketRepository {
  @Override
  public void insert(BucketName name, Instant createdAt) {
    if (tables.buckets.putIfAbsent(key(name), createdAt) != null) {
      throw new DuplicateException("a bucket with this name already exists");
    }
  }

  @Override
  public Optional<Bucket> find(BucketName name) {
    Instant created = tables.buckets.get(key(name));
    if (created == null) {
      return Optional.empty();
    }
    Tables.BucketSettings settings = tables.bucketSettings.getOrDefault(key(name), Tables.BucketSettings.NONE);
    return Optional.of(new Bucket(name, created, usageOf(name), settings.versioning(), settings.lifecycle(), settings.objectLock(),
        settings.tags(), settings.cors()));
  }

  @Override
  public boolean exists(BucketName name) {
    return tables.buckets.containsKey(key(name));
  }

  @Override
  public List<Bucket> list() {
    return tables.buckets.keySet().stream()
        .filter(k -> k.tenant().equals(tenant))
        .map(k -> k.id())
        .sorted(Utf8.ORDER)
        .map(name -> find(new BucketName(name)).orElseThrow())
        .toList();
  }

  @Override
  public int count() {
    return (int) tables.buckets.keySet().stream().filter(k -> k.tenant().equals(tenant)).count();
  }

  @Override
  public void delete(BucketName name) {
    tables.buckets.remove(key(name));
    tables.bucketSettings.remove(key(name));
  }

  @Override
  public void setVersioning(BucketName name, Versioning versioning) {
    if (exists(name)) {
      tables.bucketSettings.put(key(name), settings(name).withVersioning(versioning));
    }
  }

  @Override
  public void setLifecycle(BucketName name, Lifecycle lifecycle) {
    if (exists(name)) {
      tables.bucketSettings.put(key(name), settings(name).withLifecycle(lifecycle));
    }
  }

  @Override
  public void setObjectLock(BucketName name, dev.silo.core.domain.ObjectLock.Configuration objectLock) {
    if (exists(name)) {
      tables.bucketSettings.put(key(name), settings(name).withObjectLock(objectLock));
    }
  }

  @Override
  public void setTags(BucketName name, dev.silo.core.domain.BucketTags tags) {
    if (exists(name)) {
      tables.bucketSettings.put(key(name), settings(name).withTags(tags));
    }
  }

  @Override
  public void setCors(BucketName name, dev.silo.core.domain.CorsRules cors) {
    if (exists(name)) {
      tables.bucketSettings.put(key(name), settings(name).withCors(cors));
    }
  }

  @Override
  public dev.silo.core.domain.LifecycleWalks walks(BucketName name) {
    return settings(name).walks();
  }

  @Override
  public void setWalks(BucketName name, dev.silo.core.domain.LifecycleWalks walks) {
    if (exists(name)) {
      tables.bucketSettings.put(key(name), settings(name).withWalks(walks));
    }
  }

  private Tables.BucketSettings settings(BucketName name) {
    return tables.bucketSettings.getOrDefault(key(name), Tables.BucketSettings.NONE);
  }

  private Tables.TenantKey key(BucketName name) {
    return new Tables.TenantKey(tenant, name.value());
  }

  private Usage usageOf(BucketName name) {
    List<ObjectInfo> ready = new MemoryObjects(tenant, tables).rows()
        .filter(o -> o.bucket().equals(name) && o.status() == ObjectStatus.READY)
        .toList();
    List<ObjectInfo> noncurrent = new MemoryVersions(tenant, tables).rows()
        .filter(v -> v.object().bucket().equals(name) && !v.deleteMarker())
        .map(dev.silo.core.spi.StoredVersion::object)
        .toList();
    return new Usage(
        ready.stream().mapToLong(ObjectInfo::size).sum() + noncurrent.stream().mapToLong(ObjectInfo::size).sum(),
        ready.size() + noncurrent.size());
  }
}
