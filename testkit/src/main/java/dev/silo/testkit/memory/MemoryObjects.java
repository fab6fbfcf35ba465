package dev.silo.testkit.memory;

import dev.silo.core.domain.ListingFields;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.ObjectStatus;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.spi.DuplicateException;
import dev.silo.core.spi.ObjectRepository;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The bound tenant's object rows; ids are unique across tenants, keys within a bucket. */
record MemoryObjects(String tenant, Tables tables) implements ObjectRepository {
  private static final Comparator<ObjectInfo> BY_KEY = Comparator.comparing(o -> o.key().value(), Utf8.ORDER);

  /** Every row of the bound tenant. */
  Stream<ObjectInfo> rows() {
    return tables.objects.values().stream().filter(o -> o.tenant().equals(tenant)).map(Tables.Owned::row);
  }

  @Override
  public Optional<ObjectInfo> find(BucketName bucket, ObjectKey key) {
    return rows().filter(o -> o.bucket().equals(bucket) && o.key().equals(key)).findFirst();
  }

  @Override
  public Optional<WithInline> findWithInline(BucketName bucket, ObjectKey key) {
    return find(bucket, key)
        .map(o -> new WithInline(o, o.blob() != null && o.blob().inline()
            ? new MemoryInlineBlobs(tenant, tables).get(o.blob()).orElse(null)
            : null));
  }

  @Override
  public Optional<ObjectInfo> find(ObjectId id) {
    Tables.Owned<ObjectInfo> row = tables.objects.get(id.value());
    return row != null && row.tenant().equals(tenant) ? Optional.of(row.row()) : Optional.empty();
  }

  @Override
  public void insert(ObjectInfo object) {
    if (tables.objects.containsKey(object.id().value()) || find(object.bucket(), object.key()).isPresent()) {
      throw new DuplicateException("an object with this key or id already exists");
    }
    tables.objects.put(object.id().value(), new Tables.Owned<>(tenant, object));
  }

  @Override
  public void update(ObjectInfo object) {
    if (find(object.id()).isEmpty()) {
      throw new NotFoundException("object_not_found", "object not found");
    }
    tables.objects.put(object.id().value(), new Tables.Owned<>(tenant, object));
  }

  @Override
  public void delete(ObjectId id) {
    if (find(id).isPresent()) {
      tables.objects.remove(id.value());
    }
  }

  @Override
  public List<ObjectInfo> scan(BucketName bucket, String after, boolean inclusive, int limit) {
    return rows()
        .filter(o -> o.bucket().equals(bucket) && o.status() == ObjectStatus.READY)
        .filter(o -> {
          int c = Utf8.ORDER.compare(o.key().value(), after);
          return inclusive ? c >= 0 : c > 0;
        })
        .sorted(BY_KEY)
        .limit(limit)
        .toList();
  }

  @Override
  public List<ObjectInfo> page(BucketName bucket, String after, boolean inclusive, int limit, ListingFields fields) {
    return scan(bucket, after, inclusive, limit).stream().map(fields::of).toList();
  }

  @Override
  public long count(BucketName bucket) {
    return rows().filter(o -> o.bucket().equals(bucket)).count();
  }

  @Override
  public Stretch expiring(BucketName bucket, dev.silo.core.domain.LifecycleRule rule, String after, java.time.Instant before,
      int walk, int limit) {
    List<ObjectInfo> keys = tables.objects.values().stream()
        .filter(o -> o.tenant().equals(tenant) && o.row().bucket().equals(bucket))
        .map(Tables.Owned::row)
        .filter(o -> o.key().value().startsWith(rule.prefix()) && (after == null || Utf8.ORDER.compare(o.key().value(), after) > 0))
        .sorted(BY_KEY)
        .limit(walk)
        .toList();
    List<ObjectInfo> found = new java.util.ArrayList<>();
    for (ObjectInfo o : keys) {
      if (o.status() == ObjectStatus.READY && rule.covers(o) && o.updatedAt().isBefore(before)) {
        found.add(o);
        if (found.size() == limit) {
          return new Stretch(found, o.key().value());
        }
      }
    }
    return new Stretch(found, keys.size() < walk ? null : keys.getLast().key().value());
  }

  @Override
  public List<ObjectInfo> anyInBucket(BucketName bucket, int limit) {
    return rows().filter(o -> o.bucket().equals(bucket)).sorted(BY_KEY).limit(limit).toList();
  }
}
