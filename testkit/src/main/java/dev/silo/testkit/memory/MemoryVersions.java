package dev.silo.testkit.memory;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.Usage;
import dev.silo.core.spi.DuplicateException;
import dev.silo.core.spi.StoredVersion;
import dev.silo.core.spi.VersionRepository;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The bound tenant's noncurrent versions and delete markers, and its shared blobs. */
record MemoryVersions(String tenant, Tables tables) implements VersionRepository {
  /** Listing order: key ascending by UTF-8 bytes, then version id descending (newest first). */
  static final Comparator<StoredVersion> ORDER =
      Comparator.comparing((StoredVersion v) -> v.object().key().value(), Utf8.ORDER)
          .thenComparing(StoredVersion::versionId, Comparator.reverseOrder());

  Stream<StoredVersion> rows() {
    return tables.versions.entrySet().stream().filter(e -> e.getKey().tenant().equals(tenant)).map(java.util.Map.Entry::getValue);
  }

  private Stream<StoredVersion> of(BucketName bucket, ObjectKey key) {
    return rows().filter(v -> v.object().bucket().equals(bucket) && v.object().key().equals(key));
  }

  private Tables.VersionKey key(BucketName bucket, ObjectKey key, String versionId) {
    return new Tables.VersionKey(tenant, bucket.value(), key.value(), versionId);
  }

  @Override
  public void insert(StoredVersion version) {
    var k = key(version.object().bucket(), version.object().key(), version.versionId());
    if (tables.versions.putIfAbsent(k, version) != null) {
      throw new DuplicateException("this key already has a version of this id");
    }
  }

  @Override
  public Optional<StoredVersion> find(BucketName bucket, ObjectKey key, String versionId) {
    return Optional.ofNullable(tables.versions.get(key(bucket, key, versionId)));
  }

  @Override
  public Optional<StoredVersion> findNull(BucketName bucket, ObjectKey key) {
    return of(bucket, key).filter(v -> v.object().version().nullVersion()).findFirst();
  }

  @Override
  public Optional<StoredVersion> newest(BucketName bucket, ObjectKey key) {
    return of(bucket, key).sorted(ORDER).findFirst();
  }

  @Override
  public void delete(BucketName bucket, ObjectKey key, String versionId) {
    tables.versions.remove(key(bucket, key, versionId));
  }

  @Override
  public void setTags(BucketName bucket, ObjectKey key, String versionId, dev.silo.core.domain.ObjectTags tags) {
    tables.versions.computeIfPresent(key(bucket, key, versionId),
        (k, v) -> new StoredVersion(v.object().withTags(tags), v.deleteMarker(), v.noncurrentSince()));
  }

  @Override
  public void setLock(BucketName bucket, ObjectKey key, String versionId, dev.silo.core.domain.ObjectLock lock) {
    tables.versions.computeIfPresent(key(bucket, key, versionId),
        (k, v) -> new StoredVersion(v.object().withLock(lock), v.deleteMarker(), v.noncurrentSince()));
  }

  @Override
  public List<StoredVersion> scan(BucketName bucket, String key, String beforeVersion, boolean inclusive, int limit) {
    String k = key == null ? "" : key;
    return rows()
        .filter(v -> v.object().bucket().equals(bucket))
        .filter(v -> {
          int c = Utf8.ORDER.compare(v.object().key().value(), k);
          if (beforeVersion != null) {
            return c > 0 || (c == 0 && v.versionId().compareTo(beforeVersion) < 0);
          }
          return inclusive ? c >= 0 : c > 0;
        })
        .sorted(ORDER)
        .limit(limit)
        .map(StoredVersion::listed)
        .toList();
  }

  @Override
  public List<StoredVersion> anyInBucket(BucketName bucket, int limit) {
    return rows().filter(v -> v.object().bucket().equals(bucket)).sorted(ORDER).limit(limit).toList();
  }

  @Override
  public VersionStretch noncurrent(BucketName bucket, dev.silo.core.domain.LifecycleRule rule, Position after, Instant before,
      int walk, int limit) {
    List<StoredVersion> stretch = walk(bucket, rule.prefix(), after, walk);
    List<StoredVersion> found = new java.util.ArrayList<>();
    for (StoredVersion v : stretch) {
      boolean covered = v.deleteMarker() ? !rule.filtersBeyondPrefix() : rule.covers(v.object());
      boolean noncurrent = !v.deleteMarker()
          || new MemoryObjects(tenant, tables).find(bucket, v.object().key()).isPresent()
          || of(bucket, v.object().key()).anyMatch(n -> n.versionId().compareTo(v.versionId()) > 0);
      if (covered && noncurrent && v.noncurrentSince().isBefore(before)) {
        found.add(v);
        if (found.size() == limit) {
          return new VersionStretch(found, Position.of(v));
        }
      }
    }
    return new VersionStretch(found, stretch.size() < walk ? null : Position.of(stretch.getLast()));
  }

  /** Whether {@code v} comes after the position in listing order: a later key, or an older version of its key. */
  private static boolean isAfter(StoredVersion v, Position p) {
    int c = Utf8.ORDER.compare(v.object().key().value(), p.key());
    return c > 0 || (c == 0 && v.versionId().compareTo(p.versionId()) < 0);
  }

  @Override
  public VersionStretch orphanMarkers(BucketName bucket, String prefix, Position after, int walk, int limit) {
    List<StoredVersion> stretch = walk(bucket, prefix, after, walk);
    List<StoredVersion> found = new java.util.ArrayList<>();
    for (StoredVersion v : stretch) {
      if (v.deleteMarker() && new MemoryObjects(tenant, tables).find(bucket, v.object().key()).isEmpty()
          && of(bucket, v.object().key()).count() == 1) {
        found.add(v);
        if (found.size() == limit) {
          return new VersionStretch(found, Position.of(v));
        }
      }
    }
    return new VersionStretch(found, stretch.size() < walk ? null : Position.of(stretch.getLast()));
  }

  /** The next {@code walk} rows under {@code prefix} after {@code after}, in listing order. */
  private List<StoredVersion> walk(BucketName bucket, String prefix, Position after, int walk) {
    return rows()
        .filter(v -> v.object().bucket().equals(bucket) && v.object().key().value().startsWith(prefix))
        .filter(v -> after == null || isAfter(v, after))
        .sorted(ORDER)
        .limit(walk)
        .toList();
  }

  @Override
  public Usage noncurrentUsage() {
    List<StoredVersion> counted = rows().filter(v -> !v.deleteMarker()).toList();
    return new Usage(counted.stream().mapToLong(v -> v.object().size()).sum(), counted.size());
  }

  @Override
  public void shareBlob(BlobName blob) {
    tables.blobRefs.merge(new Tables.TenantKey(tenant, blob.value()), 2L, (a, b) -> a + 1);
  }

  @Override
  public boolean releaseBlob(BlobName blob) {
    var k = new Tables.TenantKey(tenant, blob.value());
    Long refs = tables.blobRefs.get(k);
    if (refs == null) {
      return false;
    }
    if (refs <= 2) {
      tables.blobRefs.remove(k);
    } else {
      tables.blobRefs.put(k, refs - 1);
    }
    return true;
  }
}
