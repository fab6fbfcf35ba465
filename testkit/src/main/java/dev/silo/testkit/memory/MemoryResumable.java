package dev.silo.testkit.memory;

import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.TenantId;
import dev.silo.core.spi.DuplicateException;
import dev.silo.core.spi.MultipartBlobs;
import dev.silo.core.spi.ResumableRepository;
import dev.silo.core.upload.resumable.ResumablePart;
import dev.silo.core.upload.resumable.ResumableUpload;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The bound tenant's resumable uploads, their chunk blobs and their assembled parts. */
record MemoryResumable(String tenant, Tables tables) implements ResumableRepository {
  @Override
  public void insert(ResumableUpload upload) {
    if (tables.resumable.putIfAbsent(upload.id(), new Tables.Owned<>(tenant, upload)) != null) {
      throw new DuplicateException("a resumable upload with this id already exists");
    }
  }

  @Override
  public Optional<ResumableUpload> find(String id) {
    Tables.Owned<ResumableUpload> row = tables.resumable.get(id);
    return row != null && row.tenant().equals(tenant) ? Optional.of(row.row()) : Optional.empty();
  }

  @Override
  public List<String> inBucket(BucketName bucket, int limit) {
    return tables.resumable.values().stream()
        .filter(u -> u.tenant().equals(tenant) && u.row().bucket().equals(bucket))
        .map(u -> u.row().id())
        .sorted()
        .limit(limit)
        .toList();
  }

  @Override
  public Optional<ResumableUpload> findByObjectId(ObjectId objectId) {
    return tables.resumable.values().stream()
        .filter(u -> u.tenant().equals(tenant) && u.row().objectId().equals(objectId))
        .map(Tables.Owned::row)
        .findFirst();
  }

  @Override
  public boolean advance(String id, long expected, long next, Long length, String checksum, String hashState) {
    Optional<ResumableUpload> found = find(id).filter(u -> u.offset() == expected && !u.completed());
    found.ifPresent(u -> put(new ResumableUpload(u.id(), u.objectId(), u.bucket(), u.key(),
        u.length() != null ? u.length() : length, next, u.contentType(), u.metadata(), u.headers(), u.partial(), u.assembly(),
        checksum != null ? checksum : u.checksum(), u.expiresAt(), u.createdAt(), u.completedAt(), hashState, u.concat(),
        u.uploadMetadata())));
    return found.isPresent();
  }

  @Override
  public boolean declareLength(String id, long length) {
    Optional<ResumableUpload> found =
        find(id).filter(u -> !u.completed() && (u.length() == null || u.length() == length));
    found.ifPresent(u -> put(u.withLength(length)));
    return found.isPresent();
  }

  @Override
  public void complete(String id, Instant at) {
    find(id).ifPresent(u -> put(u.completedAt(at)));
  }

  @Override
  public void addPart(String id, ResumablePart part) {
    tables.resumableParts.put(new Tables.ChildKey(tenant, id, part.start()), part);
  }

  @Override
  public List<ResumablePart> dropParts(String id, long from) {
    List<ResumablePart> dropped = parts(id).stream().filter(p -> p.start() >= from).toList();
    dropped.forEach(p -> tables.resumableParts.remove(new Tables.ChildKey(tenant, id, p.start())));
    return dropped;
  }

  @Override
  public List<ResumablePart> parts(String id) {
    return children(tables.resumableParts, id).sorted(Comparator.comparingLong(ResumablePart::start)).toList();
  }

  @Override
  public void addAssembled(String id, MultipartBlobs.Part part) {
    tables.assembled.put(new Tables.ChildKey(tenant, id, part.number()), part);
  }

  @Override
  public List<MultipartBlobs.Part> assembled(String id) {
    return children(tables.assembled, id).sorted(Comparator.comparingInt(MultipartBlobs.Part::number)).toList();
  }

  @Override
  public void dropAssembled(String id, int from) {
    tables.assembled.keySet().removeIf(k -> own(k, id) && k.number() >= from);
  }

  @Override
  public boolean delete(String id) {
    tables.assembled.keySet().removeIf(k -> own(k, id));
    tables.resumableParts.keySet().removeIf(k -> own(k, id));
    return find(id).isPresent() && tables.resumable.remove(id) != null;
  }

  private void put(ResumableUpload upload) {
    tables.resumable.put(upload.id(), new Tables.Owned<>(tenant, upload));
  }

  private boolean own(Tables.ChildKey k, String id) {
    return k.tenant().equals(tenant) && k.parent().equals(id);
  }

  private <T> java.util.stream.Stream<T> children(Map<Tables.ChildKey, T> rows, String id) {
    return rows.entrySet().stream().filter(e -> own(e.getKey(), id)).map(Map.Entry::getValue);
  }

  /** The sweeper's view across tenants. */
  record Global(Tables tables) implements ResumableRepository.Global {
    @Override
    public List<Expired> expired(Instant now, int limit) {
      return tables.resumable.values().stream()
          .filter(u -> u.row().expiresAt().isBefore(now))
          .sorted(Comparator.comparing(u -> u.row().expiresAt()))
          .limit(limit)
          .map(u -> new Expired(new TenantId(u.tenant()), u.row().id()))
          .toList();
    }
  }
}
