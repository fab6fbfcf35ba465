package dev.silo.metadata.jdbc;

import dev.silo.core.spi.ApiKeyLookup;
import dev.silo.core.spi.CleanupRepository;
import dev.silo.core.spi.GlobalTx;
import dev.silo.core.spi.JournalRepository;
import dev.silo.core.spi.S3CredentialRepository;
import dev.silo.core.spi.TenantRepository;

/** The operator-level repositories over one transaction. */
final class JdbcGlobalTx implements GlobalTx {
  private final Sql sql;

  JdbcGlobalTx(Sql sql) {
    this.sql = sql;
  }

  @Override
  public TenantRepository tenants() {
    return new TenantsTable(sql);
  }

  @Override
  public ApiKeyLookup apiKeys() {
    return new ApiKeyIndex(sql);
  }

  @Override
  public CleanupRepository.Global cleanup() {
    return new CleanupQueue(sql);
  }

  @Override
  public JournalRepository.Global journal() {
    return new GlobalJournal(sql);
  }

  @Override
  public S3CredentialRepository.Lookup s3Credentials() {
    return new S3CredentialsTable.Index(sql);
  }

  @Override
  public dev.silo.core.spi.WebhookQueue webhookQueue() {
    return new WebhookQueueTable(sql);
  }

  @Override
  public dev.silo.core.spi.ResumableRepository.Global resumable() {
    return new ResumableTable.Expiry(sql);
  }

  @Override
  public dev.silo.core.spi.LifecycleRepository lifecycle() {
    return new LifecycleQueries(sql);
  }
}
