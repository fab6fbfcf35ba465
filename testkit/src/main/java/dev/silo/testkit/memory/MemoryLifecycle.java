package dev.silo.testkit.memory;

import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectStatus;
import dev.silo.core.domain.S3Credential;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.Usage;
import dev.silo.core.multipart.MultipartUpload;
import dev.silo.core.spi.LifecycleRepository;
import dev.silo.core.upload.resumable.ResumableUpload;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/** The lifecycle sweeper's queries across tenants. */
record MemoryLifecycle(Tables tables) implements LifecycleRepository {
  @Override
  public List<Candidate> tmpObjects(Instant before, int limit) {
    return objects(o -> o.status() == ObjectStatus.READY && o.key().value().startsWith(TMP_PREFIX), before, limit);
  }

  @Override
  public List<Candidate> pendingObjects(Instant before, int limit) {
    return objects(o -> o.status() == ObjectStatus.PENDING, before, limit);
  }

  private List<Candidate> objects(Predicate<ObjectInfo> which, Instant before, int limit) {
    return tables.objects.values().stream()
        .filter(o -> which.test(o.row()) && o.row().createdAt().isBefore(before))
        .sorted(Comparator.comparing((Tables.Owned<ObjectInfo> o) -> o.row().createdAt())
            .thenComparing(o -> o.row().id().value()))
        .limit(limit)
        .map(o -> new Candidate(new TenantId(o.tenant()), o.row().id().value()))
        .toList();
  }

  @Override
  public List<Candidate> multipartUploads(Instant before, int limit) {
    return tables.multipart.values().stream()
        .filter(u -> u.row().createdAt().isBefore(before))
        .sorted(Comparator.comparing((Tables.Owned<dev.silo.core.multipart.MultipartUpload> u) -> u.row().createdAt())
            .thenComparing(u -> u.row().uploadId()))
        .limit(limit)
        .map(u -> new Candidate(new TenantId(u.tenant()), u.row().uploadId()))
        .toList();
  }

  @Override
  public List<Candidate> idleS3Credentials(Instant before, int limit) {
    return tables.s3Credentials.values().stream()
        .filter(c -> !c.revoked() && lastActive(c).isBefore(before))
        .sorted(Comparator.comparing(MemoryLifecycle::lastActive).thenComparing(S3Credential::accessKeyId))
        .limit(limit)
        .map(c -> new Candidate(c.tenant(), c.accessKeyId()))
        .toList();
  }

  private static Instant lastActive(S3Credential c) {
    return c.lastUsedAt() != null ? c.lastUsedAt() : c.createdAt();
  }

  @Override
  public List<TenantId> tenantsAfter(String after, int limit) {
    return tables.tenants.keySet().stream().filter(id -> id.compareTo(after) > 0).sorted().limit(limit)
        .map(TenantId::new).toList();
  }

  @Override
  public List<RuledBucket> ruledBuckets() {
    return tables.bucketSettings.entrySet().stream()
        .filter(e -> !e.getValue().lifecycle().isEmpty())
        .sorted(Comparator.comparing((java.util.Map.Entry<Tables.TenantKey, Tables.BucketSettings> e) -> e.getKey().tenant())
            .thenComparing(e -> e.getKey().id(), Utf8.ORDER))
        .map(e -> new RuledBucket(new TenantId(e.getKey().tenant()), new dev.silo.core.domain.BucketName(e.getKey().id()),
            e.getValue().lifecycle()))
        .toList();
  }

  @Override
  public Reconciled reconcileUsage(TenantId tenant) {
    MemoryTenantRecords records = new MemoryTenantRecords(tenant.value(), tables);
    Usage before = records.usage();
    List<ObjectInfo> ready = new MemoryObjects(tenant.value(), tables).rows()
        .filter(o -> o.status() == ObjectStatus.READY).toList();
    Usage noncurrent = new MemoryVersions(tenant.value(), tables).noncurrentUsage();
    Usage after = new Usage(
        ready.stream().mapToLong(ObjectInfo::size).sum() + noncurrent.bytes(), ready.size() + noncurrent.objects());
    tables.usage.put(tenant.value(), after);
    return new Reconciled(tenant, before, after, releaseOrphanedReservations(tenant.value()));
  }

  /** Drops the reservations whose upload is gone (finished, aborted or swept); returns their bytes. */
  private long releaseOrphanedReservations(String tenant) {
    Predicate<String> live = id -> {
      Tables.Owned<MultipartUpload> mp = tables.multipart.get(id);
      Tables.Owned<ResumableUpload> ru = tables.resumable.get(id);
      Tables.Owned<ObjectInfo> pending = tables.objects.get(id);
      return (mp != null && mp.tenant().equals(tenant))
          || (ru != null && ru.tenant().equals(tenant) && !ru.row().completed())
          || (pending != null && pending.tenant().equals(tenant) && pending.row().status() == ObjectStatus.PENDING);
    };
    long orphaned = 0;
    var rows = tables.reservations.entrySet().iterator();
    while (rows.hasNext()) {
      var row = rows.next();
      if (row.getKey().tenant().equals(tenant) && !live.test(row.getKey().id())) {
        orphaned += row.getValue();
        rows.remove();
      }
    }
    return orphaned;
  }
}
