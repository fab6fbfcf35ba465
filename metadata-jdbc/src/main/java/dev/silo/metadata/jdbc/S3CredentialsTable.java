package dev.silo.metadata.jdbc;

import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.S3Credential;
import dev.silo.core.domain.TenantId;
import dev.silo.core.spi.DuplicateException;
import dev.silo.core.spi.S3CredentialRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The bound tenant's rows of {@code s3_credentials}. */
final class S3CredentialsTable implements S3CredentialRepository {
  static final String COLUMNS =
      "access_key_id, tenant_id, description, bucket, created_at, last_used_at, revoked_at, scopes";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM s3_credentials WHERE tenant_id = ?";

  private final TenantId tenant;
  private final Sql sql;

  S3CredentialsTable(TenantId tenant, Sql sql) {
    this.tenant = tenant;
    this.sql = sql;
  }

  @Override
  public void insert(S3Credential c) {
    if (!tenant.equals(c.tenant())) {
      throw new IllegalArgumentException("an S3 credential can only be added to its own tenant");
    }
    int inserted =
        sql.update(
            "INSERT INTO s3_credentials (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            c.accessKeyId(),
            tenant.value(),
            c.description(),
            c.bucket() == null ? null : c.bucket().value(),
            c.createdAt(),
            c.lastUsedAt(),
            c.revokedAt(),
            Rows.scopes(c.scopes()));
    if (inserted == 0) {
      throw new DuplicateException("an S3 credential with this access key id exists");
    }
  }

  @Override
  public List<S3Credential> list() {
    return sql.list(SELECT + " ORDER BY created_at DESC, access_key_id DESC", S3CredentialsTable::row, tenant.value());
  }

  @Override
  public Optional<S3Credential> find(String accessKeyId) {
    return sql.first(SELECT + " AND access_key_id = ?", S3CredentialsTable::row, tenant.value(), accessKeyId);
  }

  /** A node that keeps the keys it read forgets them when this commits ({@link CommitNotices}). */
  @Override
  public void revoke(String accessKeyId, Instant at) {
    sql.noteCredentialsChanged();
    sql.update(
        "UPDATE s3_credentials SET revoked_at = ? WHERE tenant_id = ? AND access_key_id = ? AND revoked_at IS NULL",
        at,
        tenant.value(),
        accessKeyId);
  }

  static S3Credential row(ResultSet row) throws SQLException {
    return row(row, "created_at");
  }

  /** The credential of a row whose creation time is in the column {@code createdAt}. */
  private static S3Credential row(ResultSet row, String createdAt) throws SQLException {
    String bucket = row.getString("bucket");
    return new S3Credential(
        row.getString("access_key_id"),
        new TenantId(row.getString("tenant_id")),
        row.getString("description"),
        bucket == null ? null : new BucketName(bucket),
        instant(row, createdAt),
        instant(row, "last_used_at"),
        instant(row, "revoked_at"),
        Rows.scopes(row.getString("scopes")));
  }

  private static Instant instant(ResultSet row, String column) throws SQLException {
    long millis = row.getLong(column);
    return row.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  /**
   * S3 credentials across tenants, for authentication: the one place that reads {@code
   * s3_credentials} without a tenant, because the tenant is what the access key tells.
   */
  static final class Index implements S3CredentialRepository.Lookup {
    private final Sql sql;

    Index(Sql sql) {
      this.sql = sql;
    }

    @Override
    public Optional<S3Credential> find(String accessKeyId) {
      return sql.first(
          "SELECT " + COLUMNS + " FROM s3_credentials WHERE access_key_id = ?", S3CredentialsTable::row, accessKeyId);
    }

    /** Both rows in one statement; the tenant's columns as {@link Rows#tenant} reads them. */
    @Override
    public Optional<Live> findLive(String accessKeyId) {
      return sql.first(
          LIVE,
          row -> new Live(row(row, "credential_created_at"), Rows.tenant(row)),
          accessKeyId);
    }

    private static final String LIVE =
        "SELECT c.access_key_id, c.tenant_id, c.description, c.bucket, c.created_at AS credential_created_at,"
            + " c.last_used_at, c.revoked_at, c.scopes, "
            + Rows.prefixed("t.", Rows.TENANT_COLUMNS, "")
            + " FROM s3_credentials c JOIN tenants t ON t.id = c.tenant_id"
            + " WHERE c.access_key_id = ? AND c.revoked_at IS NULL";

    @Override
    public void touch(String accessKeyId, Instant lastUsedAt) {
      sql.update("UPDATE s3_credentials SET last_used_at = ? WHERE access_key_id = ?", lastUsedAt, accessKeyId);
    }
  }
}
