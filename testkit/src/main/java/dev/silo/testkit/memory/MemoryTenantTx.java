package dev.silo.testkit.memory;

import dev.silo.core.spi.ApiKeyRepository;
import dev.silo.core.spi.BucketRepository;
import dev.silo.core.spi.CleanupRepository;
import dev.silo.core.spi.InlineBlobRepository;
import dev.silo.core.spi.JournalRepository;
import dev.silo.core.spi.MultipartRepository;
import dev.silo.core.spi.ObjectRepository;
import dev.silo.core.spi.OutboxRepository;
import dev.silo.core.spi.ResumableRepository;
import dev.silo.core.spi.S3CredentialRepository;
import dev.silo.core.spi.TenantRecords;
import dev.silo.core.spi.TenantTx;
import dev.silo.core.spi.WebhookRepository;

/** The repositories of one tenant over one transaction's tables. */
record MemoryTenantTx(String tenantId, Tables tables) implements TenantTx {
  @Override
  public TenantRecords tenant() {
    return new MemoryTenantRecords(tenantId, tables);
  }

  @Override
  public BucketRepository buckets() {
    return new MemoryBuckets(tenantId, tables);
  }

  @Override
  public ObjectRepository objects() {
    return new MemoryObjects(tenantId, tables);
  }

  @Override
  public dev.silo.core.spi.VersionRepository versions() {
    return new MemoryVersions(tenantId, tables);
  }

  @Override
  public ApiKeyRepository keys() {
    return new MemoryApiKeys(tenantId, tables);
  }

  @Override
  public CleanupRepository cleanup() {
    return new MemoryCleanup(tenantId, tables);
  }

  @Override
  public JournalRepository journal() {
    return new MemoryJournal(tenantId, tables);
  }

  @Override
  public S3CredentialRepository s3Credentials() {
    return new MemoryS3Credentials(tenantId, tables);
  }

  @Override
  public MultipartRepository multipart() {
    return new MemoryMultipart(tenantId, tables);
  }

  @Override
  public ResumableRepository resumable() {
    return new MemoryResumable(tenantId, tables);
  }

  @Override
  public WebhookRepository webhooks() {
    return new MemoryWebhooks(tenantId, tables);
  }

  @Override
  public OutboxRepository outbox() {
    return new MemoryOutbox(tenantId, tables);
  }

  @Override
  public dev.silo.core.spi.TenantKeyRepository dataKeys() {
    return new MemoryDataKeys(tenantId, tables);
  }

  @Override
  public InlineBlobRepository inline() {
    return new MemoryInlineBlobs(tenantId, tables);
  }
}
