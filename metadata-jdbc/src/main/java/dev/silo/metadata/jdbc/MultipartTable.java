package dev.silo.metadata.jdbc;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.Checksum;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.ObjectLock;
import dev.silo.core.domain.ObjectTags;
import dev.silo.core.domain.TenantId;
import dev.silo.core.multipart.MultipartUpload;
import dev.silo.core.multipart.UploadedPart;
import dev.silo.core.spi.DuplicateException;
import dev.silo.core.spi.MultipartRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The bound tenant's rows of {@code multipart_uploads} and {@code multipart_parts}. */
final class MultipartTable implements MultipartRepository {
  private static final String UPLOAD_COLUMNS =
      "id, tenant_id, bucket, object_key, content_type, metadata, created_at, blob_name, assembly_id, tags, checksum, object_lock, " + Rows.HEADER_COLUMNS;
  private static final String PART_COLUMNS =
      "upload_id, tenant_id, part_number, size, md5, blob_name, created_at, sha256, store_etag, blob_offset, checksum";

  private final TenantId tenant;
  private final Sql sql;

  MultipartTable(TenantId tenant, Sql sql) {
    this.tenant = tenant;
    this.sql = sql;
  }

  @Override
  public void insert(MultipartUpload u) {
    int inserted =
        sql.update(
            "INSERT INTO multipart_uploads (" + UPLOAD_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING",
            Stream.concat(
                    Stream.of(
                        u.uploadId(),
                        tenant.value(),
                        u.bucket().value(),
                        u.key().value(),
                        u.contentType(),
                        MetadataJson.encode(u.metadata()),
                        u.createdAt(),
                        u.blob() == null ? null : u.blob().value(),
                        u.assembly(),
                        u.tags().encode(),
                        Checksum.Kind.encode(u.checksum()),
                        u.lock().encode()),
                    Stream.of(Rows.headerValues(u.headers())))
                .toArray());
    if (inserted == 0) {
      throw new DuplicateException("a multipart upload with this id exists");
    }
  }

  @Override
  public Optional<MultipartUpload> find(String uploadId) {
    return sql.first(
        "SELECT " + UPLOAD_COLUMNS + " FROM multipart_uploads WHERE tenant_id = ? AND id = ?",
        MultipartTable::upload,
        tenant.value(),
        uploadId);
  }

  /**
   * The keys under a prefix are one range in key order, from the prefix on: a page starts at the
   * prefix or just past its cursor, whichever comes later, and ends where the keys stop matching.
   * (It read four times its size from the cursor, or from the bucket's first key, and kept the keys
   * under the prefix: past as many other uploads ahead of the prefix, a page came back short or
   * empty.) The prefix is matched here rather than with LIKE, whose escaping and case rules differ.
   */
  @Override
  public List<MultipartUpload> list(BucketName bucket, String prefix, String keyAfter, String idAfter, int limit) {
    boolean pastCursor = keyAfter != null && ObjectKey.ORDER.compare(keyAfter, prefix) >= 0;
    String range =
        pastCursor ? " AND object_key >= ? AND (object_key > ? OR (object_key = ? AND id > ?))" : " AND object_key >= ?";
    String id = idAfter == null ? "" : idAfter;
    Object[] args =
        pastCursor
            ? new Object[] {tenant.value(), bucket.value(), keyAfter, keyAfter, keyAfter, id, limit}
            : new Object[] {tenant.value(), bucket.value(), prefix, limit};
    List<MultipartUpload> rows =
        sql.list(
            "SELECT " + UPLOAD_COLUMNS + " FROM multipart_uploads WHERE tenant_id = ? AND bucket = ?"
                + range + " ORDER BY object_key, id LIMIT ?",
            MultipartTable::upload,
            args);
    return rows.stream().takeWhile(u -> u.key().value().startsWith(prefix)).toList();
  }

  @Override
  public Optional<UploadedPart> putPart(String uploadId, UploadedPart part) {
    Optional<UploadedPart> old =
        sql.first(
            "SELECT " + PART_COLUMNS + " FROM multipart_parts WHERE tenant_id = ? AND upload_id = ? AND part_number = ?",
            MultipartTable::part,
            tenant.value(),
            uploadId,
            part.number());
    if (old.isPresent()) {
      sql.update(
          "UPDATE multipart_parts SET size = ?, md5 = ?, blob_name = ?, created_at = ?, sha256 = ?, store_etag = ?, blob_offset = ?, checksum = ?"
              + " WHERE tenant_id = ? AND upload_id = ? AND part_number = ?",
          part.size(),
          part.md5(),
          part.blob().value(),
          part.createdAt(),
          part.sha256(),
          part.storeEtag(),
          part.offset(),
          Checksum.encode(part.checksum()),
          tenant.value(),
          uploadId,
          part.number());
    } else {
      sql.update(
          "INSERT INTO multipart_parts (" + PART_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          uploadId,
          tenant.value(),
          part.number(),
          part.size(),
          part.md5(),
          part.blob().value(),
          part.createdAt(),
          part.sha256(),
          part.storeEtag(),
          part.offset(),
          Checksum.encode(part.checksum()));
    }
    return old;
  }

  @Override
  public List<UploadedPart> parts(String uploadId, int after, int limit) {
    return sql.list(
        "SELECT " + PART_COLUMNS + " FROM multipart_parts WHERE tenant_id = ? AND upload_id = ? AND part_number > ?"
            + " ORDER BY part_number LIMIT ?",
        MultipartTable::part,
        tenant.value(),
        uploadId,
        after,
        limit);
  }

  @Override
  public void delete(String uploadId) {
    sql.update("DELETE FROM multipart_parts WHERE tenant_id = ? AND upload_id = ?", tenant.value(), uploadId);
    sql.update("DELETE FROM multipart_uploads WHERE tenant_id = ? AND id = ?", tenant.value(), uploadId);
  }

  private static MultipartUpload upload(ResultSet row) throws SQLException {
    return new MultipartUpload(
        row.getString("id"),
        new BucketName(row.getString("bucket")),
        new ObjectKey(row.getString("object_key")),
        row.getString("content_type"),
        MetadataJson.decode(row.getString("metadata")),
        Rows.headers(row),
        Instant.ofEpochMilli(row.getLong("created_at")),
        row.getString("blob_name") == null ? null : new BlobName(row.getString("blob_name")),
        row.getString("assembly_id"),
        ObjectTags.parse(row.getString("tags")),
        Checksum.Kind.decode(row.getString("checksum")),
        ObjectLock.decode(row.getString("object_lock")));
  }

  private static UploadedPart part(ResultSet row) throws SQLException {
    return new UploadedPart(
        row.getInt("part_number"),
        row.getLong("size"),
        row.getString("md5"),
        row.getString("sha256"),
        new BlobName(row.getString("blob_name")),
        row.getString("store_etag"),
        row.getObject("blob_offset") == null ? null : row.getLong("blob_offset"),
        Instant.ofEpochMilli(row.getLong("created_at")),
        Checksum.decode(row.getString("checksum")));
  }
}
