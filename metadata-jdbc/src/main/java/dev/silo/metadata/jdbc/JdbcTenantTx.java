package dev.silo.metadata.jdbc;

import dev.silo.core.domain.TenantId;
import dev.silo.core.spi.ApiKeyRepository;
import dev.silo.core.spi.BucketRepository;
import dev.silo.core.spi.CleanupRepository;
import dev.silo.core.spi.JournalRepository;
import dev.silo.core.spi.MultipartRepository;
import dev.silo.core.spi.S3CredentialRepository;
import dev.silo.core.spi.ObjectRepository;
import dev.silo.core.spi.TenantRecords;
import dev.silo.core.spi.TenantTx;

/** One tenant's repositories over one transaction; each is bound to the tenant at construction. */
final class JdbcTenantTx implements TenantTx {
  private final TenantId tenant;
  private final Sql sql;
  private final BucketCounters counters;
  private final TenantRow.Memo tenantRow = new TenantRow.Memo();
  private final BucketsTable.Memo bucketRows = new BucketsTable.Memo();

  private final WebhookTenants webhookTenants;
  private final TenantSlugs slugs;

  JdbcTenantTx(TenantId tenant, Sql sql, WebhookTenants webhookTenants, TenantSlugs slugs) {
    this.tenant = tenant;
    this.sql = sql;
    this.webhookTenants = webhookTenants;
    this.slugs = slugs;
    this.counters = new BucketCounters(tenant);
  }

  /** Ends the unit of work's writes: the buckets' usage, after every row it changed. */
  void finish() {
    counters.flush(sql);
  }

  @Override
  public TenantRecords tenant() {
    return new TenantRow(tenant, sql, tenantRow, slugs);
  }

  @Override
  public BucketRepository buckets() {
    return new BucketsTable(tenant, sql, bucketRows);
  }

  @Override
  public ObjectRepository objects() {
    return new ObjectsTable(tenant, sql, counters);
  }

  @Override
  public dev.silo.core.spi.VersionRepository versions() {
    return new VersionsTable(tenant, sql, counters);
  }

  @Override
  public ApiKeyRepository keys() {
    return new ApiKeysTable(tenant, sql);
  }

  @Override
  public CleanupRepository cleanup() {
    return new CleanupTable(tenant, sql);
  }

  @Override
  public JournalRepository journal() {
    return new TenantJournal(tenant, sql, webhookTenants);
  }

  @Override
  public S3CredentialRepository s3Credentials() {
    return new S3CredentialsTable(tenant, sql);
  }

  @Override
  public MultipartRepository multipart() {
    return new MultipartTable(tenant, sql);
  }

  @Override
  public dev.silo.core.spi.WebhookRepository webhooks() {
    return new WebhooksTable(tenant, sql, webhookTenants);
  }

  @Override
  public dev.silo.core.spi.OutboxRepository outbox() {
    return new OutboxTable(tenant, sql);
  }

  @Override
  public dev.silo.core.spi.ResumableRepository resumable() {
    return new ResumableTable(tenant, sql);
  }

  @Override
  public dev.silo.core.spi.TenantKeyRepository dataKeys() {
    return new TenantKeysTable(tenant, sql);
  }

  @Override
  public dev.silo.core.spi.InlineBlobRepository inline() {
    return new InlineBlobsTable(tenant, sql);
  }
}
