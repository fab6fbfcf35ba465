package dev.silo.metadata.jdbc;

import dev.silo.core.domain.ListingFields;
import dev.silo.core.audit.AuditRecord;
import dev.silo.core.domain.Version;
import dev.silo.core.domain.Acl;
import dev.silo.core.domain.ApiKey;
import dev.silo.core.domain.ApiKeyId;
import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectLock;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.ObjectStatus;
import dev.silo.core.domain.ObjectTags;
import dev.silo.core.domain.OidcSettings;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.StandardHeaders;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.SystemFacts;
import dev.silo.core.domain.BlobSeal;
import dev.silo.core.domain.Checksum;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.TenantStatus;
import dev.silo.core.domain.Usage;
import dev.silo.core.spi.CleanupRepository;
import dev.silo.core.spi.ObjectRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Column lists and the mapping between rows and domain records, in both directions, so that each
 * table's layout is written down once.
 */
final class Rows {
  static final String TENANT_COLUMNS =
      "id, slug, name, status, max_bytes, max_objects, max_upload_bytes, max_buckets,"
          + " allowed_content_types, created_at, updated_at, oidc_issuer, oidc_audience, oidc_jwks_url,"
          + " oidc_tenant_claim, oidc_scopes_claim, oidc_scope_map, oidc_console_client_id, oidc_console_scope";

  /** The standard headers, on objects and on the uploads that carry them to their object. */
  static final String HEADER_COLUMNS =
      "cache_control, content_disposition, content_encoding, content_language, expires";

  static final String OBJECT_COLUMNS =
      "id, bucket, object_key, size, content_type, etag, sha256, status, acl, folder, metadata, "
          + HEADER_COLUMNS
          + ", multipart_etag, part_count, part_sizes, announced_size, direct_upload, key_version, stored_size, blob_name, created_at, updated_at, "
          + "version_id, null_version, tags, checksum, object_lock";

  static final String API_KEY_COLUMNS =
      "id, tenant_id, name, prefix, key_hash, scopes, created_at, last_used_at, revoked_at";

  static final String AUDIT_COLUMNS =
      "id, tenant_id, occurred_at, actor, action, target, outcome, request_id, source";

  static final String CLEANUP_COLUMNS = "id, tenant_id, container, prefix, blob_name, not_before";

  private static final HexFormat HEX = HexFormat.of();

  private Rows() {}

  static Tenant tenant(ResultSet row) throws SQLException {
    Limits limits =
        new Limits(
            nullableLong(row, "max_bytes"),
            nullableLong(row, "max_objects"),
            nullableLong(row, "max_upload_bytes"),
            row.getInt("max_buckets"),
            split(row.getString("allowed_content_types")));
    return new Tenant(
        new TenantId(row.getString("id")),
        new TenantSlug(row.getString("slug")),
        row.getString("name"),
        TenantStatus.parse(row.getString("status")),
        limits,
        instant(row, "created_at"),
        instant(row, "updated_at"),
        oidc(row));
  }

  private static OidcSettings oidc(ResultSet row) throws SQLException {
    String issuer = row.getString("oidc_issuer");
    if (issuer == null) {
      return null;
    }
    Map<String, Set<Scope>> scopeMap = new LinkedHashMap<>();
    String encoded = row.getString("oidc_scope_map");
    if (encoded != null) {
      MetadataJson.decode(encoded).forEach((k, v) -> scopeMap.put(k, scopes(v)));
    }
    return new OidcSettings(
        issuer,
        row.getString("oidc_audience"),
        row.getString("oidc_jwks_url"),
        row.getString("oidc_tenant_claim"),
        row.getString("oidc_scopes_claim"),
        scopeMap,
        row.getString("oidc_console_client_id"),
        row.getString("oidc_console_scope"));
  }

  /** The eight oidc_* column values of a tenant, in TENANT_COLUMNS order. */
  static Object[] oidcColumns(OidcSettings o) {
    if (o == null) {
      return new Object[8];
    }
    Map<String, String> map = new LinkedHashMap<>();
    o.scopeMap().forEach((k, v) -> map.put(k, v.stream().map(Scope::wire).sorted().collect(Collectors.joining(","))));
    return new Object[] {o.issuer(), o.audience(), o.jwksUrl(), o.tenantClaim(), o.scopesClaim(), MetadataJson.encode(map),
        o.consoleClientId(), o.consoleScope()};
  }

  static String contentTypes(Limits limits) {
    return String.join(",", limits.allowedContentTypes());
  }

  static Usage usage(ResultSet row) throws SQLException {
    return new Usage(row.getLong(1), row.getLong(2));
  }

  /**
   * An object from a row whose first columns are {@link #OBJECT_COLUMNS}, in order: every query
   * whose rows become objects selects them so (the objects', the walk's and the versions' tables;
   * the contract suites read every field back through each), and the row is read by position.
   * Looking each column up by its name, per row, was a tenth of a 1,000-key listing page's CPU.
   */
  static ObjectInfo object(ResultSet row) throws SQLException {
    return object(row, ObjectColumns.ALL, null);
  }

  /**
   * A listing's row of {@code bucket} in {@code fields} ({@link ListingFields#of}), from a row
   * whose first columns are {@link #listedColumns}. PostgreSQL formats and sends every column of
   * every row, and PgJDBC reads each: the eight the API's listings leave out were a quarter of the
   * statement's time, and S3's listings read nine columns of the twenty.
   */
  static ObjectInfo listed(ResultSet row, BucketName bucket, ListingFields fields) throws SQLException {
    return object(row, fields == ListingFields.FULL ? ObjectColumns.LISTED : ObjectColumns.SUMMARY, bucket);
  }

  /**
   * A key a delimited listing walked ({@code ObjectsTable.walk}), from a row of the key and then
   * the {@link #listedColumns} of {@code fields}, null when no row was joined to the key.
   */
  static ObjectRepository.Visit visit(ResultSet row, BucketName bucket, ListingFields fields) throws SQLException {
    ObjectColumns c = fields == ListingFields.FULL ? ObjectColumns.VISITED : ObjectColumns.VISITED_SUMMARY;
    String key = row.getString(1);
    return new ObjectRepository.Visit(key, row.getString(c.id) == null ? null : object(row, c, bucket));
  }

  /** The columns a listing of {@code fields} reads. */
  static String listedColumns(ListingFields fields) {
    return fields == ListingFields.FULL ? LISTED_COLUMNS : SUMMARY_COLUMNS;
  }

  /**
   * The columns of {@link #OBJECT_COLUMNS} a listing reads: not the bucket (the listing's own) nor
   * the status (ready), and of the facts only what S3's ETag needs ({@link SystemFacts#listed}).
   */
  static final String LISTED_COLUMNS =
      "id, object_key, size, content_type, etag, sha256, acl, folder, metadata, "
          + HEADER_COLUMNS
          + ", multipart_etag, part_count, created_at, updated_at, version_id, null_version";

  /**
   * The columns a version listing reads of a version's object: a listing's, and the status, which
   * a version keeps from the object it was.
   */
  static final String LISTED_VERSION_COLUMNS = LISTED_COLUMNS + ", status";

  /** The columns of an S3 listing's row ({@link ObjectInfo#summary}): nine of a listing's twenty. */
  static final String SUMMARY_COLUMNS =
      "id, object_key, size, etag, multipart_etag, part_count, updated_at, version_id, null_version";

  /** A version listing's object of {@code bucket}, from a row whose first columns are {@link #LISTED_VERSION_COLUMNS}. */
  static ObjectInfo listedVersion(ResultSet row, BucketName bucket) throws SQLException {
    return object(row, ObjectColumns.LISTED_VERSION, bucket);
  }

  private static ObjectInfo object(ResultSet row, ObjectColumns c, BucketName bucket) throws SQLException {
    String blob = c.blobName == 0 ? null : row.getString(c.blobName);
    return new ObjectInfo(
        new ObjectId(row.getString(c.id)),
        c.bucket == 0 ? bucket : new BucketName(row.getString(c.bucket)),
        new ObjectKey(row.getString(c.objectKey)),
        row.getLong(c.size),
        c.contentType == 0 ? null : row.getString(c.contentType),
        row.getString(c.etag),
        c.sha256 == 0 ? null : row.getString(c.sha256),
        c.status == 0 ? ObjectStatus.READY : ObjectStatus.fromWire(row.getString(c.status)),
        c.acl == 0 ? Acl.PRIVATE : Acl.parse(row.getString(c.acl)),
        c.folder == 0 ? null : row.getString(c.folder),
        c.metadata == 0 ? Map.of() : MetadataJson.decode(row.getString(c.metadata)),
        c.cacheControl == 0
            ? StandardHeaders.NONE
            : headers(
                row.getString(c.cacheControl),
                row.getString(c.contentDisposition),
                row.getString(c.contentEncoding),
                row.getString(c.contentLanguage),
                row.getString(c.expires)),
        facts(row, c),
        blob == null ? null : new BlobName(blob),
        c.createdAt == 0 ? null : instant(row, c.createdAt),
        instant(row, c.updatedAt),
        version(row, c),
        c.tags == 0 ? ObjectTags.NONE : ObjectTags.parse(row.getString(c.tags)),
        c.objectLock == 0 ? ObjectLock.NONE : ObjectLock.decode(row.getString(c.objectLock)));
  }

  /**
   * The position (from 1) of each object column in rows that hold {@code columns} after {@code
   * skipped} others; 0 for a column they leave out, which only a listing's columns may ({@link
   * #LISTED_COLUMNS}, {@link #LISTED_VERSION_COLUMNS}, {@link #SUMMARY_COLUMNS}; the summary's
   * absent fields hold what {@link ObjectInfo#summary} gives them).
   */
  private static final class ObjectColumns {
    static final ObjectColumns ALL = new ObjectColumns(OBJECT_COLUMNS, 0);
    static final ObjectColumns LISTED = new ObjectColumns(LISTED_COLUMNS, 0);
    static final ObjectColumns LISTED_VERSION = new ObjectColumns(LISTED_VERSION_COLUMNS, 0);
    /** A walk's rows: the walked key, then the listed columns of the row joined to it. */
    static final ObjectColumns VISITED = new ObjectColumns(LISTED_COLUMNS, 1);
    static final ObjectColumns SUMMARY = new ObjectColumns(SUMMARY_COLUMNS, 0);
    static final ObjectColumns VISITED_SUMMARY = new ObjectColumns(SUMMARY_COLUMNS, 1);

    private final List<String> names;
    private final int skipped;
    final int id;
    final int bucket;
    final int objectKey;
    final int size;
    final int contentType;
    final int etag;
    final int sha256;
    final int status;
    final int acl;
    final int folder;
    final int metadata;
    final int cacheControl;
    final int contentDisposition;
    final int contentEncoding;
    final int contentLanguage;
    final int expires;
    final int multipartEtag;
    final int partCount;
    final int partSizes;
    final int announcedSize;
    final int directUpload;
    final int keyVersion;
    final int storedSize;
    final int blobName;
    final int createdAt;
    final int updatedAt;
    final int versionId;
    final int nullVersion;
    final int tags;
    final int checksum;
    final int objectLock;

    private ObjectColumns(String columns, int skipped) {
      this.skipped = skipped;
      names = List.of(columns.split(",\\s*"));
      if (!List.of(OBJECT_COLUMNS.split(",\\s*")).containsAll(names)) {
        throw new IllegalStateException(columns + " are not all object columns");
      }
      id = at("id");
      bucket = at("bucket");
      objectKey = at("object_key");
      size = at("size");
      contentType = at("content_type");
      etag = at("etag");
      sha256 = at("sha256");
      status = at("status");
      acl = at("acl");
      folder = at("folder");
      metadata = at("metadata");
      cacheControl = at("cache_control");
      contentDisposition = at("content_disposition");
      contentEncoding = at("content_encoding");
      contentLanguage = at("content_language");
      expires = at("expires");
      multipartEtag = at("multipart_etag");
      partCount = at("part_count");
      partSizes = at("part_sizes");
      announcedSize = at("announced_size");
      directUpload = at("direct_upload");
      keyVersion = at("key_version");
      storedSize = at("stored_size");
      blobName = at("blob_name");
      createdAt = at("created_at");
      updatedAt = at("updated_at");
      versionId = at("version_id");
      nullVersion = at("null_version");
      tags = at("tags");
      checksum = at("checksum");
      objectLock = at("object_lock");
    }

    private int at(String name) {
      int i = names.indexOf(name);
      return i < 0 ? 0 : skipped + i + 1;
    }
  }

  private static Version version(ResultSet row, ObjectColumns c) throws SQLException {
    String id = row.getString(c.versionId);
    boolean isNull = row.getBoolean(c.nullVersion);
    return id == null ? Version.LEGACY : new Version(id, isNull);
  }

  /** The values of {@link #OBJECT_COLUMNS}, in order, without the tenant. */
  static Object[] objectValues(ObjectInfo o) {
    return new Object[] {
      o.id().value(),
      o.bucket().value(),
      o.key().value(),
      o.size(),
      o.contentType(),
      o.etag(),
      o.sha256(),
      o.status().wire(),
      o.acl().wire(),
      o.folder(),
      MetadataJson.encode(o.metadata()),
      o.headers().cacheControl(),
      o.headers().contentDisposition(),
      o.headers().contentEncoding(),
      o.headers().contentLanguage(),
      o.headers().expires(),
      o.facts().multipartEtag(),
      o.facts().partCount(),
      o.facts().partSizes().isEmpty()
          ? null
          : o.facts().partSizes().stream().map(String::valueOf).collect(Collectors.joining(",")),
      o.facts().announcedSize(),
      o.facts().directUpload(),
      o.facts().seal() == null ? null : o.facts().seal().keyVersion(),
      o.facts().seal() == null ? null : o.facts().seal().storedSize(),
      o.blob() == null ? null : o.blob().value(),
      o.createdAt(),
      o.updatedAt(),
      o.version().id(),
      o.version().nullVersion(),
      o.tags().encode(),
      Checksum.encode(o.facts().checksum()),
      o.lock().encode()
    };
  }

  /** The values of {@link #HEADER_COLUMNS}, in order. */
  static Object[] headerValues(StandardHeaders h) {
    return h.values().toArray();
  }

  static StandardHeaders headers(ResultSet row) throws SQLException {
    return headers(
        row.getString("cache_control"),
        row.getString("content_disposition"),
        row.getString("content_encoding"),
        row.getString("content_language"),
        row.getString("expires"));
  }

  private static StandardHeaders headers(
      String cacheControl, String contentDisposition, String contentEncoding, String contentLanguage, String expires) {
    // most objects have none: the shared instance, not a new one checked again
    if (cacheControl == null && contentDisposition == null && contentEncoding == null && contentLanguage == null
        && expires == null) {
      return StandardHeaders.NONE;
    }
    return new StandardHeaders(cacheControl, contentDisposition, contentEncoding, contentLanguage, expires);
  }

  /** A listing's columns hold the multipart ETag and part count only: the facts of {@link SystemFacts#listed}. */
  private static SystemFacts facts(ResultSet row, ObjectColumns c) throws SQLException {
    String multipartEtag = row.getString(c.multipartEtag);
    int partCount = row.getInt(c.partCount);
    if (c.partSizes == 0) {
      return new SystemFacts(multipartEtag, partCount, List.of(), null, false, null);
    }
    return new SystemFacts(
        multipartEtag,
        partCount,
        longs(row.getString(c.partSizes)),
        nullableLong(row, c.announcedSize),
        row.getBoolean(c.directUpload),
        seal(row, c),
        c.checksum == 0 ? null : Checksum.decode(row.getString(c.checksum)));
  }

  private static BlobSeal seal(ResultSet row, ObjectColumns c) throws SQLException {
    int version = row.getInt(c.keyVersion);
    return row.wasNull() ? null : new BlobSeal(version, row.getLong(c.storedSize));
  }

  static ApiKey apiKey(ResultSet row) throws SQLException {
    return apiKey(row, "");
  }

  /** An API key whose columns are named with {@code prefix} (beside another table's in a join). */
  static ApiKey apiKey(ResultSet row, String prefix) throws SQLException {
    return new ApiKey(
        new ApiKeyId(row.getString(prefix + "id")),
        new TenantId(row.getString(prefix + "tenant_id")),
        row.getString(prefix + "name"),
        row.getString(prefix + "prefix"),
        HEX.parseHex(row.getString(prefix + "key_hash")),
        scopes(row.getString(prefix + "scopes")),
        instant(row, prefix + "created_at"),
        instant(row, prefix + "last_used_at"),
        instant(row, prefix + "revoked_at"));
  }

  /**
   * {@code columns} (a comma list) of the table aliased {@code table}, each named {@code alias}
   * plus its name: a join's select list whose columns the row readers find by name.
   */
  static String prefixed(String table, String columns, String alias) {
    StringBuilder out = new StringBuilder();
    for (String column : columns.split(",\\s*")) {
      out.append(out.isEmpty() ? "" : ", ").append(table).append(column);
      if (!alias.isEmpty()) {
        out.append(" AS ").append(alias).append(column);
      }
    }
    return out.toString();
  }

  static String hash(byte[] hash) {
    return HEX.formatHex(hash);
  }

  static String scopes(Set<Scope> scopes) {
    return scopes.stream().sorted().map(Scope::wire).collect(Collectors.joining(","));
  }

  static Set<Scope> scopes(String text) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    split(text).forEach(s -> scopes.add(Scope.parse(s)));
    return scopes;
  }

  static AuditRecord audit(ResultSet row) throws SQLException {
    return new AuditRecord(
        row.getLong("id"),
        row.getString("tenant_id"),
        instant(row, "occurred_at"),
        row.getString("actor"),
        row.getString("action"),
        row.getString("target"),
        row.getString("outcome"),
        row.getString("request_id"),
        row.getString("source"));
  }

  static CleanupRepository.Entry cleanup(ResultSet row) throws SQLException {
    return new CleanupRepository.Entry(
        row.getLong("id"),
        row.getString("tenant_id"),
        new StorageSpace(row.getString("container"), row.getString("prefix")),
        new BlobName(row.getString("blob_name")),
        instant(row, "not_before"));
  }

  static Integer nullableInt(ResultSet row, String column) throws SQLException {
    int value = row.getInt(column);
    return row.wasNull() ? null : value;
  }

  private static Long nullableLong(ResultSet row, String column) throws SQLException {
    return nullableLong(row, row.findColumn(column));
  }

  private static Instant instant(ResultSet row, String column) throws SQLException {
    return instant(row, row.findColumn(column));
  }

  private static Long nullableLong(ResultSet row, int column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }

  private static Instant instant(ResultSet row, int column) throws SQLException {
    Long millis = nullableLong(row, column);
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  /** A comma list of numbers; most rows have none. */
  private static List<Long> longs(String commaList) {
    if (commaList == null || commaList.isEmpty()) {
      return List.of();
    }
    return split(commaList).stream().map(Long::valueOf).toList();
  }

  private static List<String> split(String commaList) {
    return commaList == null || commaList.isEmpty()
        ? List.of()
        : Arrays.asList(commaList.split(","));
  }
}
