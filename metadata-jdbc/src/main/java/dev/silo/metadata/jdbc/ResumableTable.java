package dev.silo.metadata.jdbc;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.TenantId;
import dev.silo.core.spi.DuplicateException;
import dev.silo.core.spi.MultipartBlobs;
import dev.silo.core.spi.ResumableRepository;
import dev.silo.core.upload.resumable.ResumablePart;
import dev.silo.core.upload.resumable.ResumableUpload;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The bound tenant's rows of {@code resumable_uploads} and {@code resumable_parts}. */
final class ResumableTable implements ResumableRepository {
  private static final String COLUMNS =
      "id, tenant_id, object_id, bucket, object_key, length, upload_offset, content_type, metadata, partial_blob,"
          + " assembly_id, checksum, expires_at, created_at, completed_at, hash_state, concat, upload_metadata, " + Rows.HEADER_COLUMNS;

  private final TenantId tenant;
  private final Sql sql;

  ResumableTable(TenantId tenant, Sql sql) {
    this.tenant = tenant;
    this.sql = sql;
  }

  @Override
  public void insert(ResumableUpload u) {
    int inserted =
        sql.update(
            "INSERT INTO resumable_uploads (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            Stream.concat(
                    Stream.of(
                        u.id(),
                        tenant.value(),
                        u.objectId().value(),
                        u.bucket().value(),
                        u.key().value(),
                        u.length(),
                        u.offset(),
                        u.contentType(),
                        MetadataJson.encode(u.metadata()),
                        u.partial() == null ? null : u.partial().value(),
                        u.assembly(),
                        u.checksum(),
                        u.expiresAt(),
                        u.createdAt(),
                        u.completedAt(),
                        u.hashState(),
                        u.concat(),
                        u.uploadMetadata()),
                    Stream.of(Rows.headerValues(u.headers())))
                .toArray());
    if (inserted == 0) {
      throw new DuplicateException("a resumable upload with this id exists");
    }
  }

  @Override
  public Optional<ResumableUpload> find(String id) {
    return sql.first(
        "SELECT " + COLUMNS + " FROM resumable_uploads WHERE tenant_id = ? AND id = ?", ResumableTable::upload, tenant.value(), id);
  }

  @Override
  public List<String> inBucket(dev.silo.core.domain.BucketName bucket, int limit) {
    return sql.list(
        "SELECT id FROM resumable_uploads WHERE tenant_id = ? AND bucket = ? ORDER BY id LIMIT ?",
        row -> row.getString(1), tenant.value(), bucket.value(), limit);
  }

  @Override
  public Optional<ResumableUpload> findByObjectId(ObjectId objectId) {
    return sql.first(
        "SELECT " + COLUMNS + " FROM resumable_uploads WHERE tenant_id = ? AND object_id = ?",
        ResumableTable::upload,
        tenant.value(),
        objectId.value());
  }

  @Override
  public boolean advance(String id, long expected, long next, Long length, String checksum, String hashState) {
    return sql.update(
            "UPDATE resumable_uploads SET upload_offset = ?, length = COALESCE(length, ?), checksum = COALESCE(?, checksum),"
                + " hash_state = ? WHERE tenant_id = ? AND id = ? AND upload_offset = ? AND completed_at IS NULL",
            next,
            length,
            checksum,
            hashState,
            tenant.value(),
            id,
            expected)
        == 1;
  }

  @Override
  public boolean declareLength(String id, long length) {
    return sql.update(
            "UPDATE resumable_uploads SET length = ? WHERE tenant_id = ? AND id = ? AND completed_at IS NULL"
                + " AND (length IS NULL OR length = ?)",
            length,
            tenant.value(),
            id,
            length)
        == 1;
  }

  @Override
  public void complete(String id, Instant at) {
    sql.update("UPDATE resumable_uploads SET completed_at = ? WHERE tenant_id = ? AND id = ?", at, tenant.value(), id);
  }

  @Override
  public void addPart(String id, ResumablePart part) {
    sql.update(
        "INSERT INTO resumable_parts (upload_id, tenant_id, start_at, size, blob_name) VALUES (?, ?, ?, ?, ?)",
        id,
        tenant.value(),
        part.start(),
        part.size(),
        part.blob().value());
  }

  @Override
  public List<ResumablePart> dropParts(String id, long from) {
    List<ResumablePart> dropped =
        sql.list(
            "SELECT start_at, size, blob_name FROM resumable_parts WHERE tenant_id = ? AND upload_id = ? AND start_at >= ?"
                + " ORDER BY start_at",
            ResumableTable::part,
            tenant.value(),
            id,
            from);
    sql.update("DELETE FROM resumable_parts WHERE tenant_id = ? AND upload_id = ? AND start_at >= ?", tenant.value(), id, from);
    return dropped;
  }

  @Override
  public List<ResumablePart> parts(String id) {
    return sql.list(
        "SELECT start_at, size, blob_name FROM resumable_parts WHERE tenant_id = ? AND upload_id = ? ORDER BY start_at",
        ResumableTable::part,
        tenant.value(),
        id);
  }

  @Override
  public void addAssembled(String id, MultipartBlobs.Part part) {
    sql.update(
        "INSERT INTO resumable_assembly_parts (upload_id, tenant_id, part_number, size, etag) VALUES (?, ?, ?, ?, ?)",
        id,
        tenant.value(),
        part.number(),
        part.size(),
        part.etag());
  }

  @Override
  public List<MultipartBlobs.Part> assembled(String id) {
    return sql.list(
        "SELECT part_number, size, etag FROM resumable_assembly_parts WHERE tenant_id = ? AND upload_id = ?"
            + " ORDER BY part_number",
        row -> new MultipartBlobs.Part(row.getInt("part_number"), row.getLong("size"), row.getString("etag")),
        tenant.value(),
        id);
  }

  @Override
  public void dropAssembled(String id, int from) {
    sql.update(
        "DELETE FROM resumable_assembly_parts WHERE tenant_id = ? AND upload_id = ? AND part_number >= ?",
        tenant.value(),
        id,
        from);
  }

  @Override
  public boolean delete(String id) {
    sql.update("DELETE FROM resumable_assembly_parts WHERE tenant_id = ? AND upload_id = ?", tenant.value(), id);
    sql.update("DELETE FROM resumable_parts WHERE tenant_id = ? AND upload_id = ?", tenant.value(), id);
    return sql.update("DELETE FROM resumable_uploads WHERE tenant_id = ? AND id = ?", tenant.value(), id) == 1;
  }

  private static ResumableUpload upload(ResultSet row) throws SQLException {
    long length = row.getLong("length");
    Long declared = row.wasNull() ? null : length;
    String partial = row.getString("partial_blob");
    long completed = row.getLong("completed_at");
    Instant completedAt = row.wasNull() ? null : Instant.ofEpochMilli(completed);
    return new ResumableUpload(
        row.getString("id"),
        new ObjectId(row.getString("object_id")),
        new BucketName(row.getString("bucket")),
        new ObjectKey(row.getString("object_key")),
        declared,
        row.getLong("upload_offset"),
        row.getString("content_type"),
        MetadataJson.decode(row.getString("metadata")),
        Rows.headers(row),
        partial == null ? null : new BlobName(partial),
        row.getString("assembly_id"),
        row.getString("checksum"),
        Instant.ofEpochMilli(row.getLong("expires_at")),
        Instant.ofEpochMilli(row.getLong("created_at")),
        completedAt,
        row.getString("hash_state"),
        row.getString("concat"),
        row.getString("upload_metadata"));
  }

  private static ResumablePart part(ResultSet row) throws SQLException {
    return new ResumablePart(row.getLong("start_at"), row.getLong("size"), new BlobName(row.getString("blob_name")));
  }

  /** The sweeper's view: expired uploads of every tenant. */
  static final class Expiry implements ResumableRepository.Global {
    private final Sql sql;

    Expiry(Sql sql) {
      this.sql = sql;
    }

    @Override
    public List<Expired> expired(Instant now, int limit) {
      return sql.list(
          "SELECT tenant_id, id FROM resumable_uploads WHERE expires_at < ? ORDER BY expires_at LIMIT ?",
          row -> new Expired(new TenantId(row.getString("tenant_id")), row.getString("id")),
          now,
          limit);
    }
  }
}
