package dev.silo.testkit.memory;

import dev.silo.core.domain.BucketName;
import dev.silo.core.multipart.MultipartUpload;
import dev.silo.core.multipart.UploadedPart;
import dev.silo.core.spi.DuplicateException;
import dev.silo.core.spi.MultipartRepository;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The bound tenant's multipart uploads and their part rows; upload ids are unique across tenants. */
record MemoryMultipart(String tenant, Tables tables) implements MultipartRepository {
  private static final Comparator<MultipartUpload> ORDER =
      Comparator.comparing((MultipartUpload u) -> u.key().value(), Utf8.ORDER).thenComparing(MultipartUpload::uploadId);

  @Override
  public void insert(MultipartUpload upload) {
    if (tables.multipart.putIfAbsent(upload.uploadId(), new Tables.Owned<>(tenant, upload)) != null) {
      throw new DuplicateException("a multipart upload with this id already exists");
    }
  }

  @Override
  public Optional<MultipartUpload> find(String uploadId) {
    Tables.Owned<MultipartUpload> row = tables.multipart.get(uploadId);
    return row != null && row.tenant().equals(tenant) ? Optional.of(row.row()) : Optional.empty();
  }

  @Override
  public List<MultipartUpload> list(BucketName bucket, String prefix, String keyAfter, String idAfter, int limit) {
    return tables.multipart.values().stream()
        .filter(u -> u.tenant().equals(tenant))
        .map(Tables.Owned::row)
        .filter(u -> u.bucket().equals(bucket) && u.key().value().startsWith(prefix))
        .filter(u -> keyAfter == null || isAfter(u, keyAfter, idAfter == null ? "" : idAfter))
        .sorted(ORDER)
        .limit(limit)
        .toList();
  }

  private static boolean isAfter(MultipartUpload u, String keyAfter, String idAfter) {
    int c = Utf8.ORDER.compare(u.key().value(), keyAfter);
    return c > 0 || (c == 0 && u.uploadId().compareTo(idAfter) > 0);
  }

  @Override
  public Optional<UploadedPart> putPart(String uploadId, UploadedPart part) {
    return Optional.ofNullable(tables.multipartParts.put(key(uploadId, part.number()), part));
  }

  @Override
  public List<UploadedPart> parts(String uploadId, int after, int limit) {
    return tables.multipartParts.entrySet().stream()
        .filter(e -> e.getKey().tenant().equals(tenant) && e.getKey().parent().equals(uploadId))
        .map(java.util.Map.Entry::getValue)
        .filter(p -> p.number() > after)
        .sorted(Comparator.comparingInt(UploadedPart::number))
        .limit(limit)
        .toList();
  }

  @Override
  public void delete(String uploadId) {
    tables.multipartParts.keySet().removeIf(k -> k.tenant().equals(tenant) && k.parent().equals(uploadId));
    if (find(uploadId).isPresent()) {
      tables.multipart.remove(uploadId);
    }
  }

  private Tables.ChildKey key(String uploadId, long number) {
    return new Tables.ChildKey(tenant, uploadId, number);
  }
}
