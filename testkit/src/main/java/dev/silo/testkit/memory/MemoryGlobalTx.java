package dev.silo.testkit.memory;

import dev.silo.core.spi.ApiKeyLookup;
import dev.silo.core.spi.CleanupRepository;
import dev.silo.core.spi.GlobalTx;
import dev.silo.core.spi.JournalRepository;
import dev.silo.core.spi.LifecycleRepository;
import dev.silo.core.spi.ResumableRepository;
import dev.silo.core.spi.S3CredentialRepository;
import dev.silo.core.spi.TenantRepository;
import dev.silo.core.spi.WebhookQueue;

/** The operator-level repositories over one transaction's tables. */
record MemoryGlobalTx(Tables tables) implements GlobalTx {
  @Override
  public TenantRepository tenants() {
    return new MemoryTenants(tables);
  }

  @Override
  public ApiKeyLookup apiKeys() {
    return new MemoryApiKeys.Lookup(tables);
  }

  @Override
  public CleanupRepository.Global cleanup() {
    return new MemoryCleanup.Global(tables);
  }

  @Override
  public JournalRepository.Global journal() {
    return new MemoryJournal.Global(tables);
  }

  @Override
  public S3CredentialRepository.Lookup s3Credentials() {
    return new MemoryS3Credentials.Lookup(tables);
  }

  @Override
  public ResumableRepository.Global resumable() {
    return new MemoryResumable.Global(tables);
  }

  @Override
  public WebhookQueue webhookQueue() {
    return new MemoryWebhookQueue(tables);
  }

  @Override
  public LifecycleRepository lifecycle() {
    return new MemoryLifecycle(tables);
  }
}
